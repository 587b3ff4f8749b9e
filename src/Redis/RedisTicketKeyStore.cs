using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace TicketKeys.Redis;

/// <summary>
/// A fleet's ticket keys in Redis, wrapped with a key-encryption key, rotated by whichever node finds a key due first.
/// Follow it with a <see cref="TicketKeyStoreFeed"/> (or open both at once with <see cref="RedisTicketKeys"/>).
/// </summary>
/// <remarks>
/// <para>
/// Intervals of <see cref="TicketKeyRotationPolicy.RotationInterval"/> are counted from the Unix epoch. The store holds
/// one key per interval: the current interval's, which encrypts, the next interval's, pre-staged (it decrypts on every
/// node before any node encrypts with it), and older ones until their lifetime ends. On every read a node checks that
/// both the current and the next key exist; if one is missing, it takes the lease (<c>SET NX PX</c>), writes the
/// missing keys with generation + 1 through a compare-and-set on the generation (a Lua script), publishes the change,
/// and lets the lease go. A node paused past its lease finds the generation moved on and writes nothing.
/// </para>
/// <para>
/// Clock skew: a next key is written when its interval's predecessor starts and reaches every node within the feed's
/// poll interval, so nodes whose clocks differ by less than one rotation interval minus the poll interval never meet
/// a ticket under a key they do not have yet.
/// </para>
/// <para>
/// A store found empty (Redis restarted without persistence, or a failover to an empty replica) is filled again by the
/// next leader with the still-valid keys it last read, so tickets the nodes issued stay valid, and with a generation
/// above any it has seen.
/// </para>
/// </remarks>
public sealed class RedisTicketKeyStore : ITicketKeyStore, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeyLayout _layout;
    private readonly TicketKeyRotationPolicy _rotation;
    private readonly TimeSpan _leaseTime;
    private readonly RedisKeyEncryptionKey? _kek;
    private readonly TimeProvider _time;
    private readonly object _rememberedLock = new();
    private WrappedKeyRecord[] _remembered = [];
    private long _highestGeneration;
    private long _rotationsWritten;

    private RedisTicketKeyStore(IConnectionMultiplexer redis, RedisTicketKeyStoreOptions options, TimeProvider time)
    {
        _redis = redis;
        _layout = new RedisKeyLayout(options.Prefix);
        _rotation = options.Rotation;
        _leaseTime = options.LeaseTime;
        _kek = options.KeyEncryptionKey;
        _time = time;
    }

    /// <inheritdoc/>
    public event EventHandler? KeysChanged;

    /// <summary>The highest generation this node has read or written.</summary>
    public long Generation => Interlocked.Read(ref _highestGeneration);

    /// <summary>The database the store uses.</summary>
    internal IDatabase Database => _redis.GetDatabase();

    /// <summary>How many rotations this node won and wrote.</summary>
    internal long RotationsWritten => Interlocked.Read(ref _rotationsWritten);

    /// <summary>Creates the store over a connection and subscribes to its change channel.</summary>
    /// <param name="redis">The connection; the store does not dispose it.</param>
    /// <param name="options">Prefix, rotation, lease, KEK.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="TicketKeyStoreException">Redis cannot be reached.</exception>
    /// <exception cref="ArgumentException">
    /// No key-encryption key and no explicit <see cref="RedisTicketKeyStoreOptions.StoreKeysInClear"/>, both given, or
    /// an empty prefix or a lease that is not positive.
    /// </exception>
    public static async Task<RedisTicketKeyStore> CreateAsync(IConnectionMultiplexer redis, RedisTicketKeyStoreOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Prefix, nameof(options));
        ArgumentNullException.ThrowIfNull(options.Rotation, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LeaseTime, TimeSpan.Zero, nameof(options));
        if (options.KeyEncryptionKey is null && !options.StoreKeysInClear)
        {
            throw new ArgumentException(
                "No key-encryption key: every node that reads Redis would read every ticket key in clear. Give one (RedisKeyEncryptionKey.FromFile or FromEnvironmentVariable), or opt out explicitly with StoreKeysInClear.",
                nameof(options));
        }

        if (options.KeyEncryptionKey is not null && options.StoreKeysInClear)
        {
            throw new ArgumentException("StoreKeysInClear opts out of the key-encryption key that is also given: choose one.", nameof(options));
        }

        var store = new RedisTicketKeyStore(redis, options, time ?? TimeProvider.System);
        if (options.StoreKeysInClear)
        {
            string warning = $"WARNING: {store} stores ticket keys IN CLEAR (StoreKeysInClear): anyone who can read this Redis, its dumps or replicas can decrypt every resumable TLS session of the fleet.";
            (options.Warning ?? Console.Error.WriteLine)(warning);
        }

        try
        {
            await redis.GetSubscriber().SubscribeAsync(store._layout.Changed, (_, _) => store.KeysChanged?.Invoke(store, EventArgs.Empty)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw new TicketKeyStoreException($"{store}: cannot subscribe to its change channel: {Describe(exception)}", exception);
        }

        return store;
    }

    /// <inheritdoc/>
    public async Task<TicketKeyStoreRead> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            IDatabase database = _redis.GetDatabase();
            DateTimeOffset now = _time.GetUtcNow();
            StoredKeys stored = await ReadStoredAsync(database).ConfigureAwait(false);
            if (MissingIntervals(stored.Records, now).Count > 0 && await TryRotateAsync(database, stored, now).ConfigureAwait(false))
            {
                stored = await ReadStoredAsync(database).ConfigureAwait(false);
            }

            List<WrappedKeyRecord> inForce = [.. stored.Records
                .Where(record => record.Window.CanDecryptAt(now))
                .OrderByDescending(record => record.Window.NotBefore)
                .ThenBy(record => record.Field, StringComparer.Ordinal)
                .Take(TicketKeyLimits.MaxKeys)];
            TicketKey[] keys = OpenAll(inForce);
            if (inForce.Count > 0)
            {
                lock (_rememberedLock)
                {
                    _remembered = [.. inForce];
                }
            }

            return new TicketKeyStoreRead(keys, IntervalStart(now) + _rotation.RotationInterval);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw new TicketKeyStoreException($"{this}: {Describe(exception)}", exception);
        }
    }

    /// <summary>Unsubscribes from the change channel.</summary>
    public void Dispose()
    {
        try
        {
            _redis.GetSubscriber().Unsubscribe(_layout.Changed);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            // The connection is gone: so is the subscription.
        }
    }

    /// <summary>The server and prefix; never key bytes.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Redis {string.Join(',', _redis.GetEndPoints().Select(endpoint => endpoint.ToString()))} prefix '{_layout.Prefix}'");

    /// <summary>
    /// Writes a rotation that starts from <paramref name="expectedGeneration"/>: the fence. Returns whether it was written
    /// (false when the generation has moved on).
    /// </summary>
    internal async Task<bool> CompareAndSetAsync(IDatabase database, long expectedGeneration, long newGeneration, IReadOnlyList<string> deletes, IReadOnlyList<WrappedKeyRecord> writes)
    {
        var arguments = new List<RedisValue>(4 + deletes.Count + (2 * writes.Count))
        {
            expectedGeneration,
            newGeneration,
            _layout.Changed.ToString(),
            deletes.Count,
        };
        arguments.AddRange(deletes.Select(field => (RedisValue)field));
        foreach (WrappedKeyRecord record in writes)
        {
            arguments.Add(record.Field);
            arguments.Add(record.Value);
        }

        RedisResult result = await database.ScriptEvaluateAsync(RedisScripts.CompareAndSet, [_layout.Generation, _layout.Keys], [.. arguments]).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <summary>A new key for the interval starting at <paramref name="start"/>.</summary>
    internal WrappedKeyRecord NewKey(DateTimeOffset start, long generation) => WrappedKeyRecord.Generate(
        generation, new TicketKeyWindow(start, start + _rotation.RotationInterval, start + _rotation.KeyLifetime), _rotation.Cipher, _kek);

    /// <summary>The gist of a client error in one line; the client's full diagnostics stay in the inner exception.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        RedisConnectionException connection => $"cannot be reached ({connection.FailureType})",
        TimeoutException => "did not answer in time (client timeout; Redis unreachable, paused or overloaded)",
        _ => exception.Message,
    };

    private async Task<StoredKeys> ReadStoredAsync(IDatabase database)
    {
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(RedisScripts.Read, [_layout.Generation, _layout.Keys]).ConfigureAwait(false))!;
        long generation = result[0].IsNull ? 0 : (long)result[0];
        var fields = (RedisResult[])result[1]!;
        var records = new List<WrappedKeyRecord>(fields.Length / 2);
        for (int i = 0; i + 1 < fields.Length; i += 2)
        {
            records.Add(WrappedKeyRecord.Parse((string)fields[i]!, (byte[])fields[i + 1]!, ToString()));
        }

        NoteGeneration(generation);
        return new StoredKeys(generation, records);
    }

    private TicketKey[] OpenAll(List<WrappedKeyRecord> records)
    {
        var keys = new List<TicketKey>(records.Count);
        try
        {
            foreach (WrappedKeyRecord record in records)
            {
                keys.Add(record.Open(_kek, ToString()));
            }

            return [.. keys];
        }
        catch
        {
            keys.ForEach(key => key.Dispose());
            throw;
        }
    }

    /// <summary>The starts of the current and next intervals that have no key yet.</summary>
    private List<DateTimeOffset> MissingIntervals(IEnumerable<WrappedKeyRecord> records, DateTimeOffset now)
    {
        DateTimeOffset current = IntervalStart(now);
        DateTimeOffset[] due = [current, current + _rotation.RotationInterval];
        return [.. due.Where(start => !records.Any(record => record.Window.NotBefore == start))];
    }

    /// <summary>Takes the lease and writes the missing keys, fenced by the generation; false when another node leads.</summary>
    private async Task<bool> TryRotateAsync(IDatabase database, StoredKeys stored, DateTimeOffset now)
    {
        string token = Guid.NewGuid().ToString("N");
        if (!await database.StringSetAsync(_layout.Leader, token, _leaseTime, When.NotExists).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            long newGeneration = Math.Max(stored.Generation, Generation) + 1;
            List<WrappedKeyRecord> writes = [];
            if (stored.Records.Count == 0)
            {
                // Redis came back empty: put back the keys the nodes still hold, so their tickets stay valid.
                lock (_rememberedLock)
                {
                    writes.AddRange(_remembered.Where(record => record.Window.CanDecryptAt(now)));
                }
            }

            writes.AddRange(MissingIntervals([.. stored.Records, .. writes], now).Select(start => NewKey(start, newGeneration)));
            string[] deletes = [.. stored.Records.Where(record => !record.Window.CanDecryptAt(now)).Select(record => record.Field)];
            if (!await CompareAndSetAsync(database, stored.Generation, newGeneration, deletes, writes).ConfigureAwait(false))
            {
                return false;
            }

            Interlocked.Increment(ref _rotationsWritten);
            NoteGeneration(newGeneration);
            return true;
        }
        finally
        {
            await database.ScriptEvaluateAsync(RedisScripts.Release, [_layout.Leader], [token]).ConfigureAwait(false);
        }
    }

    private void NoteGeneration(long generation)
    {
        long seen = Interlocked.Read(ref _highestGeneration);
        while (generation > seen)
        {
            long previous = Interlocked.CompareExchange(ref _highestGeneration, generation, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>The start of the rotation interval holding <paramref name="now"/>, counted from the Unix epoch.</summary>
    private DateTimeOffset IntervalStart(DateTimeOffset now)
    {
        long intervals = (now - DateTimeOffset.UnixEpoch).Ticks / _rotation.RotationInterval.Ticks;
        return DateTimeOffset.UnixEpoch + TimeSpan.FromTicks(intervals * _rotation.RotationInterval.Ticks);
    }

    private sealed record StoredKeys(long Generation, List<WrappedKeyRecord> Records);
}
