using System;

namespace TicketKeys.Integration.Tests.Callback;

/// <summary>A provider over a ring whose methods can be told to throw, as a user's code might.</summary>
[TicketKeyProvider]
internal sealed partial class FaultyTicketKeys(TicketKeyRing ring)
{
    public bool ThrowOnEncrypt { get; set; }

    public bool ThrowOnDecrypt { get; set; }

    [EncryptionKey]
    private TicketKey? Current() => ThrowOnEncrypt ? throw new InvalidOperationException("key store offline") : ring.GetEncryptionKey();

    [DecryptionKey]
    private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) =>
        ThrowOnDecrypt ? throw new InvalidOperationException("key store offline") : ring.Find(keyName);
}

/// <summary>The same, with the policy that a failure to issue a ticket aborts the handshake.</summary>
[TicketKeyProvider(EncryptFailure = TicketEncryptFailure.AbortHandshake)]
internal sealed partial class StrictTicketKeys(TicketKeyRing ring)
{
    [EncryptionKey]
    private TicketKey? Current() => throw new InvalidOperationException("key store offline");

    [DecryptionKey]
    private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => ring.Find(keyName);
}

/// <summary>Keeps TLS 1.3 tickets on resumption instead of renewing them.</summary>
[TicketKeyProvider(RenewOnTls13Resumption = false)]
internal sealed partial class KeepingTicketKeys(TicketKeyRing ring)
{
    [EncryptionKey]
    private TicketKey? Current() => ring.GetEncryptionKey();

    [DecryptionKey]
    private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => ring.Find(keyName);
}

/// <summary>Declares 256-bit strength: AES-128 keys (such as nginx's 48-byte files) are refused.</summary>
[TicketKeyProvider(MinimumKeyBits = 256)]
internal sealed partial class StrongOnlyTicketKeys(TicketKeyRing ring)
{
    [EncryptionKey]
    private TicketKey? Current() => ring.GetEncryptionKey();

    [DecryptionKey]
    private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => ring.Find(keyName);
}

/// <summary>
/// Aborts on failure, and hands out a key that was retired (disposed) after it was chosen, as a ring does when a key
/// directory swaps in new key instances while a handshake runs.
/// </summary>
[TicketKeyProvider(EncryptFailure = TicketEncryptFailure.AbortHandshake)]
internal sealed partial class RetiringTicketKeys(TicketKeyRing ring, TicketKey retired)
{
    [EncryptionKey]
    private TicketKey? Current() => retired;

    [DecryptionKey]
    private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => ring.Find(keyName);
}
