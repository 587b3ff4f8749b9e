using System;
using Migration;
using TicketKeys;

// After: the provider that replaces the man page's callback (ManPage/ManPageCallback.cs). The generator writes the
// native callback (IV from the CSPRNG with its result checked, cipher and HMAC set-up, return codes, exception
// containment); the ring does currentkey(), createkey(), findkey(), the expiry check and the renewal.
using var ring = new TicketKeyRing();
return args is ["--self-test"]
    ? MigrationSelfTest.Run(ring, sslContext => new MigratedTicketKeys(ring).AttachTo(sslContext), Console.Out)
    : MigrationSelfTest.Usage(Console.Error);

namespace Migration
{
    /// <summary>Replaces <c>ssl_tlsext_ticket_key_cb</c>: enc = 1 asks <see cref="CurrentKey"/>, enc = 0 asks <see cref="FindKey"/>.</summary>
    [TicketKeyProvider]
    internal sealed partial class MigratedTicketKeys(TicketKeyRing ring)
    {
        [EncryptionKey]
        private TicketKey? CurrentKey() => ring.GetEncryptionKey();                   // currentkey() / createkey()

        [DecryptionKey]
        private TicketKeyLookup FindKey(ReadOnlySpan<byte> keyName) => ring.Find(keyName); // findkey(), expiry, renewal
    }
}
