using System;

namespace TicketKeys;

/// <summary>How a <see cref="TicketKeyStoreFeed"/> follows its store. Values are read once, by <see cref="TicketKeyStoreFeed.StartAsync"/>.</summary>
public sealed class TicketKeyStoreFeedOptions
{
    /// <summary>
    /// How often the store is read even without a change notice (notices get lost across reconnects), and how soon a
    /// failed read is tried again. 5 seconds by default; must be positive.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long <see cref="TicketKeyStoreFeed.StartAsync"/> waits for a store that holds no key yet (another node is
    /// writing the first ones). 10 seconds by default; must not be negative.
    /// </summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Called once when reads start failing and once when they recover, not per read or per handshake. Runs on the
    /// feed's thread; an exception it throws is swallowed.
    /// </summary>
    public Action<TicketKeyStoreHealth>? HealthChanged { get; set; }
}
