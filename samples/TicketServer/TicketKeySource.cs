using System;
using System.Collections.Generic;
using System.IO;
using TicketKeys;
using TicketKeys.Redis;

namespace TicketServer;

/// <summary>Where the server's ticket keys come from: key files, a key folder, a fleet's Redis, or an in-memory rotating ring.</summary>
internal sealed class TicketKeySource : IDisposable
{
    // What owns the ring, when something does: disposing it disposes the ring.
    private readonly IDisposable? _owner;

    private TicketKeySource(TicketKeyRing ring, string description, IDisposable? owner = null)
    {
        Ring = ring;
        Description = description;
        _owner = owner;
    }

    public TicketKeyRing Ring { get; }

    /// <summary>One line for the log: where the keys come from.</summary>
    public string Description { get; }

    /// <exception cref="IOException">A key file or the folder is missing, unreadable or malformed (<see cref="TicketKeyFileException"/> names it).</exception>
    /// <exception cref="ArgumentException">Two key files hold the same key name.</exception>
    /// <exception cref="TicketKeyStoreException">Redis cannot be reached, or its keys do not open with the KEK.</exception>
    public static TicketKeySource Open(ServerOptions options, TextWriter errors)
    {
        if (options.Redis is not null)
        {
            return OpenRedis(options.Redis, options.RedisPrefix, options.KekFile!, errors);
        }

        if (options.KeyDirectory is not null)
        {
            TicketKeyDirectory directory = TicketKeyDirectory.Open(options.KeyDirectory, new TicketKeyDirectoryOptions
            {
                Rejected = problem => errors.WriteLine($"TicketServer: skipped {problem.Path}: {problem.Message}"),
            });
            return new TicketKeySource(directory.Ring, $"{directory.Ring.Keys.Count} key(s) from folder {directory.FolderPath}", directory);
        }

        if (options.KeyFiles.Count > 0)
        {
            TicketKeyRing ring = TicketKeyRing.FromKeyFiles(options.KeyFiles, options.KeyFormat);
            return new TicketKeySource(ring, $"{ring.Keys.Count} key(s) from {options.KeyFiles.Count} key file(s), the first one encrypts");
        }

        TicketKeyRotationPolicy policy = TicketKeyRotationPolicy.Default;
        return new TicketKeySource(new TicketKeyRing(policy), $"in-memory ring, a new key every {policy.RotationInterval.TotalHours:0.#} h");
    }

    public void Dispose()
    {
        if (_owner is not null)
        {
            _owner.Dispose();
        }
        else
        {
            Ring.Dispose();
        }
    }

    private static TicketKeySource OpenRedis(string configuration, string? prefix, string kekFile, TextWriter errors)
    {
        RedisKeyEncryptionKey kek = RedisKeyEncryptionKey.FromFile(kekFile);
        var options = new RedisTicketKeyStoreOptions { KeyEncryptionKey = kek };
        if (prefix is not null)
        {
            options.Prefix = prefix;
        }

        RedisTicketKeys redis;
        try
        {
            redis = RedisTicketKeys.ConnectAsync(configuration, options, new TicketKeyStoreFeedOptions
            {
                HealthChanged = health => errors.WriteLine($"TicketServer: {health.Message}"),
            }).GetAwaiter().GetResult();
        }
        catch
        {
            kek.Dispose();
            throw;
        }

        return new TicketKeySource(redis.Ring, $"{redis.Ring.Keys.Count} key(s) from {redis.Store}, generation {redis.Store.Generation}", new RedisFleet(redis, kek));
    }

    /// <summary>The Redis keys and the KEK they need, released together.</summary>
    private sealed class RedisFleet(RedisTicketKeys keys, RedisKeyEncryptionKey kek) : IDisposable
    {
        public void Dispose()
        {
            keys.Dispose();
            kek.Dispose();
        }
    }
}
