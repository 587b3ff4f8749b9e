using System;
using System.Collections.Generic;
using System.Threading;

namespace TicketKeys;

/// <summary>
/// A thread-safe set of ticket keys: one encrypts new tickets, the others only decrypt until they expire.
/// Reads are lock-free (an immutable snapshot swapped atomically). Attach it to an <c>SSL_CTX</c> with
/// <c>ring.AttachTo(sslContext)</c>.
/// </summary>
/// <remarks>
/// Either self-rotating (<see cref="TicketKeyRing(TicketKeyRotationPolicy, TimeProvider?)"/>: a new random key every
/// interval, old keys kept until their lifetime ends), or fed from outside (<see cref="FromKeys"/> and
/// <see cref="Replace"/>, as key files and key directories do). The ring owns its keys: it disposes (zeroes) every key
/// it drops. Tickets under a key that no longer encrypts are renewed (the callback returns 2), as nginx and Go do.
/// </remarks>
[TicketKeyProvider]
public sealed partial class TicketKeyRing : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TicketKeyRotationPolicy? _rotation;
    private TicketKeySet _keys;

    /// <summary>Creates a self-rotating ring with <see cref="TicketKeyRotationPolicy.Default"/>.</summary>
    public TicketKeyRing()
        : this(TicketKeyRotationPolicy.Default)
    {
    }

    /// <summary>Creates a self-rotating ring.</summary>
    /// <param name="rotation">When keys are made and how long they live.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public TicketKeyRing(TicketKeyRotationPolicy rotation, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        _time = timeProvider ?? TimeProvider.System;
        _rotation = rotation;
        DateTimeOffset now = _time.GetUtcNow();
        _keys = new TicketKeySet([rotation.CreateKey(now)], now + rotation.RotationInterval);
    }

    private TicketKeyRing(TicketKey[] keys, TimeProvider timeProvider)
    {
        _time = timeProvider;
        _keys = new TicketKeySet(keys, DateTimeOffset.MaxValue);
    }

    /// <summary>The keys in force, in preference order (the first one that may encrypt now does).</summary>
    public IReadOnlyList<TicketKey> Keys => Volatile.Read(ref _keys).Keys;

    /// <summary>Creates a ring fed from outside: the first key whose window allows encrypting does, as in nginx.</summary>
    /// <param name="keys">The keys, in preference order; the ring takes ownership.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public static TicketKeyRing FromKeys(IEnumerable<TicketKey> keys, TimeProvider? timeProvider = null) =>
        new(TicketKeySet.Validate(keys), timeProvider ?? TimeProvider.System);

    /// <summary>The key to encrypt new tickets with now, or <see langword="null"/> when none may (no ticket is issued).</summary>
    [EncryptionKey]
    public TicketKey? GetEncryptionKey()
    {
        DateTimeOffset now = _time.GetUtcNow();
        return CurrentKeys(now).EncryptionKeyAt(now);
    }

    /// <summary>Finds the key of a presented ticket and decides whether it resumes, is renewed or is refused.</summary>
    /// <param name="keyName">The ticket's 16-byte key name.</param>
    [DecryptionKey]
    public TicketKeyLookup Find(ReadOnlySpan<byte> keyName)
    {
        DateTimeOffset now = _time.GetUtcNow();
        TicketKeySet keys = CurrentKeys(now);
        TicketKey? key = keys.Find(keyName);
        if (key is null)
        {
            return TicketKeyLookup.UnknownKey;
        }

        if (!key.Window.CanDecryptAt(now))
        {
            return TicketKeyLookup.Expired;
        }

        return key.Window.IsRenewalDue(now) || !ReferenceEquals(key, keys.EncryptionKeyAt(now))
            ? TicketKeyLookup.Renew(key)
            : TicketKeyLookup.Resume(key);
    }

    /// <summary>
    /// Swaps in a new set of keys atomically. Keys of the old set that are not in the new one are disposed once no
    /// callback uses them. Handshakes in flight see either the old or the new set, never a mix.
    /// </summary>
    /// <param name="keys">The keys, in preference order; the ring takes ownership.</param>
    /// <exception cref="ArgumentException">The set is empty or two keys share a name.</exception>
    public void Replace(IEnumerable<TicketKey> keys)
    {
        TicketKey[] validated = TicketKeySet.Validate(keys);
        DateTimeOffset now = _time.GetUtcNow();
        var next = new TicketKeySet(validated, NextRotationAfter(now));
        TicketKeySet old = Interlocked.Exchange(ref _keys, next);
        // The first key need not encrypt (a pre-staged key comes first until its NotBefore): compare encrypting keys.
        if (!ReferenceEquals(old.EncryptionKeyAt(now), next.EncryptionKeyAt(now)))
        {
            TicketKeysMetrics.KeyRotated();
        }

        old.DisposeKeysNotIn(validated);
    }

    /// <summary>Makes a new encrypting key now (self-rotating rings only), for example after a suspected compromise.</summary>
    /// <exception cref="InvalidOperationException">The ring is fed from outside.</exception>
    public void Rotate()
    {
        if (_rotation is null)
        {
            throw new InvalidOperationException("This ring is fed from outside (FromKeys/Replace); it does not make keys itself.");
        }

        Rotate(Volatile.Read(ref _keys), _time.GetUtcNow());
    }

    /// <summary>Disposes (zeroes) every key.</summary>
    public void Dispose() => Volatile.Read(ref _keys).DisposeKeysNotIn([]);

    /// <inheritdoc/>
    public override string ToString() => $"TicketKeyRing ({Keys.Count} keys, {(_rotation is null ? "fed from outside" : "self-rotating")})";

    private TicketKeySet CurrentKeys(DateTimeOffset now)
    {
        TicketKeySet keys = Volatile.Read(ref _keys);
        return now < keys.NextRotation ? keys : Rotate(keys, now);
    }

    private TicketKeySet Rotate(TicketKeySet current, DateTimeOffset now)
    {
        TicketKeyRotationPolicy rotation = _rotation!;
        TicketKey fresh = rotation.CreateKey(now);
        var kept = new List<TicketKey>(current.Keys.Count + 1) { fresh };
        foreach (TicketKey key in current.Keys)
        {
            if (key.Window.CanDecryptAt(now))
            {
                kept.Add(key);
            }
        }

        var next = new TicketKeySet([.. kept], now + rotation.RotationInterval);
        TicketKeySet seen = Interlocked.CompareExchange(ref _keys, next, current);
        if (!ReferenceEquals(seen, current))
        {
            // Another thread rotated first; its set is as good as ours.
            fresh.Dispose();
            return seen;
        }

        TicketKeysMetrics.KeyRotated();
        current.DisposeKeysNotIn(next.Keys);
        return next;
    }

    private DateTimeOffset NextRotationAfter(DateTimeOffset now) =>
        _rotation is null ? DateTimeOffset.MaxValue : now + _rotation.RotationInterval;
}
