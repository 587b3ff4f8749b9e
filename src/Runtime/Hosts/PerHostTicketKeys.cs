using System;

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
    public TicketKey? GetEncryptionKey(in TicketCallbackContext context) =>
        _ring.GetEncryptionKey() is { } key ? _cache.KeyFor(key, context.ServerNameUtf8) : null;

    /// <summary>Finds the ring key whose derivation for this connection's host carries <paramref name="keyName"/>.</summary>
    [DecryptionKey]
    public TicketKeyLookup Find(ReadOnlySpan<byte> keyName, in TicketCallbackContext context)
    {
        ReadOnlySpan<byte> host = context.ServerNameUtf8;
        System.Collections.Generic.IReadOnlyList<TicketKey> keys = _ring.Keys;
        for (int i = 0; i < keys.Count; i++)
        {
            TicketKey derived = _cache.KeyFor(keys[i], host);
            if (derived.HasName(keyName))
            {
                TicketKeyLookup decision = _ring.Find(keys[i].Name);
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
