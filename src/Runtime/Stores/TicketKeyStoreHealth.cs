namespace TicketKeys;

/// <summary>Whether a <see cref="TicketKeyStoreFeed"/> reads its store, reported once per change.</summary>
public sealed class TicketKeyStoreHealth
{
    internal TicketKeyStoreHealth(bool isHealthy, string message)
    {
        IsHealthy = isHealthy;
        Message = message;
    }

    /// <summary>False while reads fail: the ring serves with the last good keys, which still expire by their windows.</summary>
    public bool IsHealthy { get; }

    /// <summary>One line for a log: the first error of a failing spell, or the recovery. Never holds key bytes.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public override string ToString() => Message;
}
