using System;
using System.Collections.Generic;

namespace TicketKeys;

/// <summary>
/// A provider that gives every virtual host its own ticket keys, derived from one shared <see cref="TicketKeyRing"/>,
/// so that a ticket issued for one host name never resumes on another (nginx CVE-2014-3616 was exactly that). The
/// fleet still distributes one key set; nothing is configured per host.
/// </summary>
/// <remarks>
/// Each ring key and SNI host name (ASCII-lower-cased, without a trailing dot; no SNI is a host of its own) give a key
/// of the same cipher, strength and window through HKDF-SHA256 (RFC 5869): the ring key's AES and HMAC keys are the
/// input, its name the salt, and the host name is in the info, for the key name too, so a ticket from host A carries a
/// name that host B does not know and is refused as <c>unknown_key</c>. Derived keys are cached (the steady path
/// allocates nothing) and zeroed when their ring key is retired. The threat this meets: a session established for
/// one host is not accepted by another host of the same server or fleet. It does not separate hosts from an attacker
/// who holds the ring's keys.
/// </remarks>
[TicketKeyProvider]
public sealed partial class PerHostTicketKeys : IDisposable
{
    private readonly TicketKeyRing _ring;
    private readonly HostKeyCache _cache = new();

    /// <summary>Serves per-host keys derived from <paramref name="ring"/>, which the caller keeps owning.</summary>
    public PerHostTicketKeys(TicketKeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        _ring = ring;
    }

    /// <summary>The key for new tickets on this connection's host, or null when the ring has none.</summary>
    [EncryptionKey]
    public TicketKey? GetEncryptionKey(in TicketCallbackContext context)
    {
        if (_ring.GetEncryptionKey() is not { } key)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[HostKeyCache.MaxHostLength];
        return _cache.KeyFor(key, HostKeyCache.Normalize(context.ServerNameUtf8, buffer));
    }

    /// <summary>Finds the ring key whose derivation for this connection's host carries <paramref name="keyName"/>.</summary>
    [DecryptionKey]
    public TicketKeyLookup Find(ReadOnlySpan<byte> keyName, in TicketCallbackContext context)
    {
        if (_ring.Snapshot() is not { } snapshot)
        {
            return TicketKeyLookup.UnknownKey;
        }

        (TicketKeySet keys, DateTimeOffset now) = snapshot;
        Span<byte> buffer = stackalloc byte[HostKeyCache.MaxHostLength];
        HostName host = HostKeyCache.Normalize(context.ServerNameUtf8, buffer);
        IReadOnlyList<TicketKey> ringKeys = keys.Keys;
        for (int i = 0; i < ringKeys.Count; i++)
        {
            TicketKey derived = _cache.KeyFor(ringKeys[i], host);
            if (derived.HasName(keyName))
            {
                // The ring's decision for its own key (resume, renew or expired), carried over to the derived key.
                TicketKeyLookup decision = TicketKeyRing.Decide(keys, ringKeys[i], now);
                return decision.Result switch
                {
                    TicketKeyLookupResult.Resume => TicketKeyLookup.Resume(derived),
                    TicketKeyLookupResult.Renew => TicketKeyLookup.Renew(derived),
                    _ => decision,
                };
            }
        }

        return TicketKeyLookup.UnknownKey;
    }

    /// <summary>Zeroes every derived key; the ring is the caller's to dispose.</summary>
    public void Dispose() => _cache.Dispose();
}
