using System;
using System.IO;
using System.Threading.Tasks;
using TicketKeys;
using TicketKeys.Redis;

namespace KestrelFleet;

/// <summary>
/// The fleet's keys from Redis (<c>--redis</c>): the connection with its store and feed, and the key-encryption key that
/// opens them, released together once the server has stopped.
/// </summary>
internal sealed class RedisFleetKeys : IDisposable
{
    private readonly RedisTicketKeys _keys;
    private readonly RedisKeyEncryptionKey _kek;

    private RedisFleetKeys(RedisTicketKeys keys, RedisKeyEncryptionKey kek)
    {
        _keys = keys;
        _kek = kek;
    }

    /// <summary>The ring the feed keeps up to date.</summary>
    public TicketKeyRing Ring => _keys.Ring;

    /// <summary>One line for the log: where the keys come from (endpoints and prefix; never a password or a key).</summary>
    public string Description => $"{_keys.Ring.Keys.Count} key(s) from {_keys.Store}, generation {_keys.Store.Generation}";

    /// <summary>Reads the KEK file, connects, and reads (or, as the first node, writes) the fleet's keys.</summary>
    /// <param name="options">The command line with <see cref="FleetOptions.Redis"/> and <see cref="FleetOptions.KekFile"/> set.</param>
    /// <param name="log">Where the feed reports Redis failing and recovering (once per change, not per read).</param>
    /// <exception cref="IOException">
    /// The KEK file cannot be read or is malformed, or Redis cannot be reached or its keys do not open with the KEK
    /// (<see cref="TicketKeyStoreException"/>); the message names the file, or the Redis and the prefix.
    /// </exception>
    public static async Task<RedisFleetKeys> ConnectAsync(FleetOptions options, TextWriter log)
    {
        RedisKeyEncryptionKey kek = RedisKeyEncryptionKey.FromFile(options.KekFile!);
        try
        {
            var storeOptions = new RedisTicketKeyStoreOptions { KeyEncryptionKey = kek };
            if (options.RedisPrefix is { } prefix)
            {
                storeOptions.Prefix = prefix;
            }

            RedisTicketKeys keys = await RedisTicketKeys.ConnectAsync(options.Redis!, storeOptions, new TicketKeyStoreFeedOptions
            {
                HealthChanged = health => log.WriteLine($"KestrelFleet: {health.Message}"),
            }).ConfigureAwait(false);
            return new RedisFleetKeys(keys, kek);
        }
        catch
        {
            kek.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _keys.Dispose();
        _kek.Dispose();
    }
}
