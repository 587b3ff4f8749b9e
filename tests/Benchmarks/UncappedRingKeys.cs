using System;

namespace TicketKeys.Benchmarks;

/// <summary>The ring's keys without the session-age cap: what the cap's ticket app data costs, by comparison.</summary>
[TicketKeyProvider(MaxSessionAgeSeconds = 0)]
internal sealed partial class UncappedRingKeys(TicketKeyRing ring)
{
    [EncryptionKey]
    private TicketKey? Current() => ring.GetEncryptionKey();

    [DecryptionKey]
    private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => ring.Find(keyName);
}
