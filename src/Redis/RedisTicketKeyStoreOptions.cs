using System;

namespace TicketKeys.Redis;

/// <summary>How a <see cref="RedisTicketKeyStore"/> keeps a fleet's keys. Values are read once, when the store is created.</summary>
public sealed class RedisTicketKeyStoreOptions
{
    /// <summary>
    /// The prefix of the fleet's Redis keys; fleets sharing a Redis need distinct prefixes. <c>{ticketkeys}:</c> by
    /// default (the braces make it a Redis Cluster hash tag, which the rotation script needs).
    /// </summary>
    public string Prefix { get; set; } = "{ticketkeys}:";

    /// <summary>
    /// The rotation interval, key lifetime and cipher. Intervals are counted from the Unix epoch, so every node agrees
    /// on them; give keys at least two intervals of lifetime, so that a ticket issued at the end of an interval lives
    /// one interval at least. <see cref="TicketKeyRotationPolicy.Default"/> (12 hours, 36 hours) by default.
    /// </summary>
    public TicketKeyRotationPolicy Rotation { get; set; } = TicketKeyRotationPolicy.Default;

    /// <summary>
    /// How long a node holds the rotation lease at most (<c>SET NX PX</c>); a leader that dies mid-rotation blocks
    /// others this long. 5 seconds by default; must be positive.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The key that wraps every stored ticket key. Required unless <see cref="StoreKeysInClear"/> is set; the store does not dispose it.</summary>
    public RedisKeyEncryptionKey? KeyEncryptionKey { get; set; }

    /// <summary>
    /// The explicit opt-out from wrapping: every ticket key then lies in Redis in clear, readable by anyone who can read
    /// Redis or its dumps, and therefore every resumable session of the fleet. Reported through <see cref="Warning"/>
    /// at start. False by default; must stay false when <see cref="KeyEncryptionKey"/> is set.
    /// </summary>
    public bool StoreKeysInClear { get; set; }

    /// <summary>Hears the loud warning of <see cref="StoreKeysInClear"/>. Runs on the creating thread.</summary>
    public Action<string>? Warning { get; set; }
}
