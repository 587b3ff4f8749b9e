using System;
using System.Collections.Immutable;
using System.Threading;

namespace TicketKeys.Integration.Tests.Proofs;

/// <summary>
/// A ring's provider that checks every accepted ticket key as it is accepted: never one revoked before the lookup
/// began, never one expired before it began. It aborts the handshake when it cannot issue a ticket, so a key retired
/// between choice and use would show as a failed handshake.
/// </summary>
[TicketKeyProvider(EncryptFailure = TicketEncryptFailure.AbortHandshake)]
internal sealed partial class AuditedTicketKeys(TicketKeyRing ring)
{
    private ImmutableHashSet<string> _revoked = ImmutableHashSet<string>.Empty;
    private long _violations;

    /// <summary>Names (hex) whose revocation has completed.</summary>
    public ImmutableHashSet<string> Revoked => Volatile.Read(ref _revoked);

    /// <summary>Accepted keys that were revoked or expired when their lookup began.</summary>
    public long Violations => Interlocked.Read(ref _violations);

    /// <summary>Revokes in the ring, then records the names as revoked for later lookups.</summary>
    public void Revoke(string[] namesHex, Action revoke)
    {
        revoke();
        ImmutableInterlocked.Update(ref _revoked, revoked => revoked.Union(namesHex));
    }

    [EncryptionKey]
    private TicketKey? Current() => ring.GetEncryptionKey();

    [DecryptionKey]
    private TicketKeyLookup Find(ReadOnlySpan<byte> keyName)
    {
        ImmutableHashSet<string> revokedBefore = Revoked;
        DateTimeOffset before = DateTimeOffset.UtcNow;
        TicketKeyLookup lookup = ring.Find(keyName);
        if (lookup.Key is { } key
            && (revokedBefore.Contains(Convert.ToHexString(keyName)) || key.Window.NotAfter <= before))
        {
            Interlocked.Increment(ref _violations);
        }

        return lookup;
    }
}
