using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace TicketKeys.Redis;

/// <summary>
/// A server's ticket keys from a fleet's Redis in one object: the connection, the <see cref="RedisTicketKeyStore"/> and
/// the <see cref="TicketKeyStoreFeed"/> that keeps <see cref="Ring"/> up to date. Attach the ring to the <c>SSL_CTX</c>.
/// </summary>
public sealed class RedisTicketKeys : IDisposable
{
    private readonly ConnectionMultiplexer _connection;

    private RedisTicketKeys(ConnectionMultiplexer connection, RedisTicketKeyStore store, TicketKeyStoreFeed feed)
    {
        _connection = connection;
        Store = store;
        Feed = feed;
    }

    /// <summary>The ring fed from Redis. Disposed with this object.</summary>
    public TicketKeyRing Ring => Feed.Ring;

    /// <summary>The store: generation, rotation.</summary>
    public RedisTicketKeyStore Store { get; }

    /// <summary>The feed: health, refresh.</summary>
    public TicketKeyStoreFeed Feed { get; }

    /// <summary>Connects to Redis, reads (or, as the first node, writes) the fleet's keys, and follows them until disposed.</summary>
    /// <param name="configuration">
    /// A StackExchange.Redis configuration string, such as <c>127.0.0.1:6379</c> or
    /// <c>redis-a:6379,redis-b:6379,password=...</c>. The connection retries by itself after failures.
    /// </param>
    /// <param name="options">Prefix, rotation, lease, KEK.</param>
    /// <param name="feedOptions">Poll interval, start timeout, health callback; defaults when null.</param>
    /// <param name="time">The clock and timers; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">No KEK and no explicit opt-out, or another bad option.</exception>
    /// <exception cref="TicketKeyStoreException">Redis cannot be reached or read, or its keys do not open with the KEK; the message says which.</exception>
    public static async Task<RedisTicketKeys> ConnectAsync(
        string configuration,
        RedisTicketKeyStoreOptions options,
        TicketKeyStoreFeedOptions? feedOptions = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        ArgumentNullException.ThrowIfNull(options);
        ConfigurationOptions redisOptions = ConfigurationOptions.Parse(configuration);
        // Keep trying in the background when Redis is down at start or later: the feed serves the last good keys meanwhile.
        redisOptions.AbortOnConnectFail = false;
        ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(redisOptions).ConfigureAwait(false);
        RedisTicketKeyStore? store = null;
        try
        {
            store = await RedisTicketKeyStore.CreateAsync(connection, options, time).ConfigureAwait(false);
            TicketKeyStoreFeed feed = await TicketKeyStoreFeed.StartAsync(store, feedOptions, time, cancellationToken).ConfigureAwait(false);
            return new RedisTicketKeys(connection, store, feed);
        }
        catch
        {
            store?.Dispose();
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops following Redis, zeroes the ring's keys and closes the connection.</summary>
    public void Dispose()
    {
        Feed.Dispose();
        Store.Dispose();
        _connection.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"RedisTicketKeys ({Feed})";
}
