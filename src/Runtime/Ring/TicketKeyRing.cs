using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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

    // Writers (Replace, Rotate, Revoke, RotateAndRevokeAll, Dispose) queue here; the handshake path only tries it when a
    // rotation is due, and never waits for it.
    private readonly object _writeLock = new();
    private TicketKeySet _keys;
    private volatile bool _disposed;

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
        _keys = new TicketKeySet([rotation.CreateKey(now)], now + rotation.RotationInterval, []);
    }

    private TicketKeyRing(TicketKey[] keys, TimeProvider timeProvider)
    {
        _time = timeProvider;
        _keys = new TicketKeySet(keys, DateTimeOffset.MaxValue, []);
    }

    /// <summary>
    /// The keys in force, in preference order (the first one that may encrypt now does): a read-only snapshot, empty once
    /// the ring is disposed.
    /// </summary>
    public IReadOnlyList<TicketKey> Keys => Volatile.Read(ref _keys).Keys;

    /// <summary>Creates a ring fed from outside: the first key whose window allows encrypting does, as in nginx.</summary>
    /// <param name="keys">The keys, in preference order; the ring takes ownership.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">
    /// The set is empty, holds more than <see cref="TicketKeyLimits.MaxKeys"/> keys, two keys share a name, or a key's
    /// window is longer than 7 days or starts more than 7 days ahead (<see cref="TicketKeyRotationPolicy.MaxKeyLifetime"/>).
    /// </exception>
    public static TicketKeyRing FromKeys(IEnumerable<TicketKey> keys, TimeProvider? timeProvider = null)
    {
        timeProvider ??= TimeProvider.System;
        return new(TicketKeySet.Validate(keys, timeProvider.GetUtcNow()), timeProvider);
    }

    /// <summary>
    /// The key to encrypt new tickets with now, or <see langword="null"/> when none may (no ticket is issued). A disposed
    /// ring has none.
    /// </summary>
    [EncryptionKey]
    public TicketKey? GetEncryptionKey()
    {
        if (_disposed)
        {
            return null;
        }

        (TicketKeySet keys, DateTimeOffset now) = CurrentKeys();
        return keys.EncryptionKeyAt(now);
    }

    /// <summary>Finds the key of a presented ticket and decides whether it resumes, is renewed or is refused.</summary>
    /// <param name="keyName">The ticket's 16-byte key name.</param>
    [DecryptionKey]
    public TicketKeyLookup Find(ReadOnlySpan<byte> keyName)
    {
        if (_disposed)
        {
            return TicketKeyLookup.UnknownKey;
        }

        (TicketKeySet keys, DateTimeOffset now) = CurrentKeys();
        TicketKey? key = keys.Find(keyName);
        if (key is null)
        {
            return keys.IsRevoked(keyName) ? TicketKeyLookup.Revoked : TicketKeyLookup.UnknownKey;
        }

        return Decide(keys, key, now);
    }

    /// <summary>The keys in force and the time, for a provider that matches key names itself; null once disposed.</summary>
    internal (TicketKeySet Keys, DateTimeOffset Now)? Snapshot() => _disposed ? null : CurrentKeys();

    /// <summary>What a presented ticket under <paramref name="key"/>, one of <paramref name="keys"/>, gets at <paramref name="now"/>.</summary>
    internal static TicketKeyLookup Decide(TicketKeySet keys, TicketKey key, DateTimeOffset now)
    {
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
    /// callback uses them. Handshakes in flight see either the old or the new set, never a mix. Keys whose name was
    /// revoked (<see cref="Revoke"/>) are left out and disposed, so a key file still on disk cannot bring them back;
    /// keys already disposed (for example retired by a rotation since they were read from <see cref="Keys"/>) are left out.
    /// </summary>
    /// <param name="keys">The keys, in preference order; the ring takes ownership.</param>
    /// <exception cref="ArgumentException">
    /// The set is empty, holds more than <see cref="TicketKeyLimits.MaxKeys"/> keys, two keys share a name, or a key's
    /// window is longer than 7 days or starts more than 7 days ahead.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public void Replace(IEnumerable<TicketKey> keys)
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            DateTimeOffset now = _time.GetUtcNow();
            TicketKey[] validated = TicketKeySet.Validate(keys, now);
            TicketKeySet current = Volatile.Read(ref _keys);
            TicketKey[] allowed = [.. validated.Where(key => !key.IsDisposed && !current.IsRevoked(key.Name))];
            foreach (TicketKey refused in validated.Except(allowed))
            {
                refused.Dispose();
            }

            Swap(new TicketKeySet(allowed, NextRotationAfter(now), current.Revoked), now);
        }
    }

    /// <summary>
    /// Makes a new encrypting key now (self-rotating rings only). Older keys stay and still decrypt until they expire, so
    /// this does not help after a compromise: use <see cref="Revoke"/> or <see cref="RotateAndRevokeAll"/> then.
    /// </summary>
    /// <exception cref="InvalidOperationException">The ring is fed from outside.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public void Rotate()
    {
        TicketKeyRotationPolicy rotation = RotationPolicy(nameof(Rotate));
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Rotate(Volatile.Read(ref _keys), _time.GetUtcNow(), rotation);
        }
    }

    /// <summary>
    /// Revokes one key now, for example because it leaked: it leaves the ring at once and is zeroed once no handshake
    /// uses it. Tickets under it get a full handshake (counted as rejected, reason <c>revoked</c>), and the ring refuses
    /// the name from then on, also when <see cref="Replace"/> offers it again (a key file still on disk); the name is
    /// forgotten after 14 days, when no window a ring accepts could still hold it, or once 1024 later names were revoked. If the key was encrypting, a
    /// self-rotating ring makes a new key at once; a ring fed from outside encrypts with the next key whose window
    /// allows it, or issues no tickets until one is added. Remove the key at its source too
    /// (<see cref="TicketKeyDirectory.RevokeKeyFiles"/> for a key folder).
    /// </summary>
    /// <param name="keyName">The key's 16-byte name (<see cref="TicketKey.Name"/>).</param>
    /// <returns>Whether the ring held the key; the name is refused either way.</returns>
    /// <exception cref="ArgumentException">The name is not 16 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public bool Revoke(ReadOnlySpan<byte> keyName)
    {
        if (keyName.Length != TicketKey.NameLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A ticket key name is {TicketKey.NameLength} bytes; got {keyName.Length} bytes."), nameof(keyName));
        }

        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            DateTimeOffset now = _time.GetUtcNow();
            TicketKeySet current = Volatile.Read(ref _keys);
            TicketKey? revoked = current.Find(keyName);
            List<TicketKey> remaining = [.. current.Keys.Where(key => !ReferenceEquals(key, revoked))];
            DateTimeOffset nextRotation = current.NextRotation;
            if (_rotation is not null && remaining.All(key => !key.Window.CanEncryptAt(now)))
            {
                remaining.Insert(0, _rotation.CreateKey(now));
                nextRotation = now + _rotation.RotationInterval;
            }

            Swap(new TicketKeySet([.. remaining], nextRotation, current.RevokedWith([keyName.ToArray()], now)), now);
            return revoked is not null;
        }
    }

    /// <summary>
    /// Recovers from a compromise of the whole ring (self-rotating rings only): makes a new encrypting key and revokes
    /// every other key at once, as <see cref="Revoke"/> does for one. Every ticket issued before gets a full handshake.
    /// For a key folder, see <see cref="TicketKeyDirectory.RotateAndRevokeAll"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The ring is fed from outside: revoke at the source, or key by key.</exception>
    /// <exception cref="ObjectDisposedException">The ring is disposed.</exception>
    public void RotateAndRevokeAll()
    {
        TicketKeyRotationPolicy rotation = RotationPolicy(nameof(RotateAndRevokeAll));
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            DateTimeOffset now = _time.GetUtcNow();
            TicketKeySet current = Volatile.Read(ref _keys);
            RevokedKeyName[] revoked = current.RevokedWith(current.Keys.Select(key => key.Name.ToArray()), now);
            Swap(new TicketKeySet([rotation.CreateKey(now)], now + rotation.RotationInterval, revoked), now);
        }
    }

    /// <summary>Disposes (zeroes) every key; the ring then issues no tickets, accepts none and makes no more keys.</summary>
    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Interlocked.Exchange(ref _keys, TicketKeySet.Empty).DisposeKeysNotIn([]);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"TicketKeyRing ({Keys.Count} keys, {(_rotation is null ? "fed from outside" : "self-rotating")})";

    /// <summary>The keys in force and the instant they are used at.</summary>
    private (TicketKeySet Keys, DateTimeOffset Now) CurrentKeys()
    {
        // Keys first, then the clock: a key another thread just made (NotBefore = its clock reading) must not look
        // "not yet valid" to a reader whose clock reading came before it, or that reader would issue no ticket.
        TicketKeySet keys = Volatile.Read(ref _keys);
        DateTimeOffset now = _time.GetUtcNow();
        return (now < keys.NextRotation ? keys : Rotate(keys, now, _rotation!), now);
    }

    /// <summary>
    /// Makes a new key and drops expired ones (and the oldest beyond <see cref="TicketKeyLimits.MaxKeys"/>). Serialized
    /// with the other writers, so a key a writer is handing back to the ring is never disposed meanwhile; on the
    /// handshake path it never waits: while another writer holds the lock, the current keys still serve.
    /// </summary>
    private TicketKeySet Rotate(TicketKeySet current, DateTimeOffset now, TicketKeyRotationPolicy rotation)
    {
        bool locked = false;
        try
        {
            Monitor.TryEnter(_writeLock, ref locked);
            TicketKeySet latest = Volatile.Read(ref _keys);
            if (!locked || !ReferenceEquals(latest, current))
            {
                // Another writer is at work, or already rotated (or swapped, or disposed the ring): use what is there.
                return latest;
            }

            var kept = new List<TicketKey>(Math.Min(current.Keys.Count + 1, TicketKeyLimits.MaxKeys)) { rotation.CreateKey(now) };
            foreach (TicketKey key in current.Keys)
            {
                // Newest first: beyond the cap the oldest keys go, so a runaway rotation cannot slow every handshake down.
                if (kept.Count == TicketKeyLimits.MaxKeys)
                {
                    break;
                }

                if (key.Window.CanDecryptAt(now))
                {
                    kept.Add(key);
                }
            }

            var next = new TicketKeySet([.. kept], now + rotation.RotationInterval, current.Revoked);
            Volatile.Write(ref _keys, next);
            TicketKeysMetrics.KeyRotated();
            current.DisposeKeysNotIn(next.Keys);
            return next;
        }
        finally
        {
            if (locked)
            {
                Monitor.Exit(_writeLock);
            }
        }
    }

    /// <summary>Installs <paramref name="next"/> (under the write lock) and disposes the keys it dropped.</summary>
    private void Swap(TicketKeySet next, DateTimeOffset now)
    {
        TicketKeySet old = Interlocked.Exchange(ref _keys, next);
        // The first key need not encrypt (a pre-staged key comes first until its NotBefore): compare encrypting keys.
        if (!ReferenceEquals(old.EncryptionKeyAt(now), next.EncryptionKeyAt(now)))
        {
            TicketKeysMetrics.KeyRotated();
        }

        old.DisposeKeysNotIn(next.Keys);
    }

    private TicketKeyRotationPolicy RotationPolicy(string operation) => _rotation
        ?? throw new InvalidOperationException(
            $"{operation}: this ring is fed from outside (FromKeys/Replace); it does not make keys itself. Revoke keys with Revoke, or at their source.");

    private DateTimeOffset NextRotationAfter(DateTimeOffset now) =>
        _rotation is null ? DateTimeOffset.MaxValue : now + _rotation.RotationInterval;
}
