using System;
using TicketKeys;

namespace TicketServer;

/// <summary>
/// The server's ticket-key provider: the generator turns these two methods into OpenSSL's native ticket callback and
/// adds <c>AttachTo(sslContext, api)</c>. Any key source works; this one reads a <see cref="TicketKeyRing"/>.
/// </summary>
[TicketKeyProvider]
internal sealed partial class ServerTicketKeys(TicketKeyRing ring)
{
    [EncryptionKey]
    private TicketKey? CurrentKey() => ring.GetEncryptionKey();

    [DecryptionKey]
    private TicketKeyLookup FindKey(ReadOnlySpan<byte> keyName) => ring.Find(keyName);
}
