using System;
using System.Collections.Generic;

namespace TicketKeys;

/// <summary>What one <see cref="ITicketKeyStore.ReadAsync"/> found.</summary>
public sealed class TicketKeyStoreRead
{
    /// <summary>Creates a read result.</summary>
    /// <param name="keys">The keys in force, in preference order; the receiver owns them. Empty when the store holds none.</param>
    /// <param name="readAgainAt">
    /// When the store expects a change (a rotation due); the feed reads again then at the latest, or at its poll interval
    /// if that comes first. <see langword="null"/> when the store expects none.
    /// </param>
    public TicketKeyStoreRead(IReadOnlyList<TicketKey> keys, DateTimeOffset? readAgainAt = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Keys = keys;
        ReadAgainAt = readAgainAt;
    }

    /// <summary>The keys in force, in preference order.</summary>
    public IReadOnlyList<TicketKey> Keys { get; }

    /// <summary>When to read again at the latest; null: at the feed's poll interval.</summary>
    public DateTimeOffset? ReadAgainAt { get; }
}
