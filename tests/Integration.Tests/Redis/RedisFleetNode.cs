using System;
using System.Collections.Generic;
using System.Linq;
using TicketKeys.Redis;

namespace TicketKeys.Integration.Tests.Redis;

/// <summary>One in-process node of a fleet: its own Redis connection, store and feed, with short intervals for tests.</summary>
internal sealed class RedisFleetNode : IDisposable
{
    private readonly List<TicketKeyStoreHealth> _healthChanges;
    private bool _disposed;

    private RedisFleetNode(RedisTicketKeys keys, List<TicketKeyStoreHealth> healthChanges)
    {
        Keys = keys;
        _healthChanges = healthChanges;
    }

    public RedisTicketKeys Keys { get; }

    public TicketKeyStoreFeed Feed => Keys.Feed;

    public TicketKeyRing Ring => Keys.Ring;

    public IReadOnlyList<TicketKeyStoreHealth> HealthChanges
    {
        get
        {
            lock (_healthChanges)
            {
                return [.. _healthChanges];
            }
        }
    }

    public HashSet<string> KeyNames => [.. Ring.Keys.Select(key => key.NameHex)];

    public static RedisFleetNode Start(RedisServer redis, RedisKeyEncryptionKey kek, TicketKeyRotationPolicy rotation, TimeSpan pollInterval, string prefix = "{ticketkeys}:")
    {
        var health = new List<TicketKeyStoreHealth>();
        var options = new RedisTicketKeyStoreOptions
        {
            Prefix = prefix,
            Rotation = rotation,
            LeaseTime = TimeSpan.FromSeconds(1),
            KeyEncryptionKey = kek,
        };
        RedisTicketKeys keys = RedisTicketKeys.ConnectAsync(redis.Configuration, options, new TicketKeyStoreFeedOptions
        {
            PollInterval = pollInterval,
            HealthChanged = change =>
            {
                lock (health)
                {
                    health.Add(change);
                }
            },
        }).GetAwaiter().GetResult();
        return new RedisFleetNode(keys, health);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Keys.Dispose();
        }
    }
}
