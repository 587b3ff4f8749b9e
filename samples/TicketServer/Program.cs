using System;
using TicketKeys;
using TicketServer;

// What you write to give your OpenSSL server rotating ticket keys: a provider (below) whose two methods the generator
// turns into OpenSSL's native ticket callback, and one AttachTo on your server's SSL_CTX. Everything else in this
// sample is the server around it: options, certificate and key sources (SampleServer.cs), virtual hosts, the self-test.
return SampleServer.Run(args, static (TicketKeyRing ring, nint sslContext, TicketCallbackApi api) =>
    new ServerTicketKeys(ring).AttachTo(sslContext, api));

namespace TicketServer
{
    /// <summary>The server's ticket-key provider over a <see cref="TicketKeyRing"/>; any key source works.</summary>
    [TicketKeyProvider]
    internal sealed partial class ServerTicketKeys(TicketKeyRing ring)
    {
        [EncryptionKey]
        private TicketKey? CurrentKey() => ring.GetEncryptionKey();                   // null: issue no ticket

        [DecryptionKey]
        private TicketKeyLookup FindKey(ReadOnlySpan<byte> keyName) => ring.Find(keyName); // resume, renew or refuse
    }
}
