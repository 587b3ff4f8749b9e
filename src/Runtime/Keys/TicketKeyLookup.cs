namespace TicketKeys;

/// <summary>What a provider's <see cref="DecryptionKeyAttribute"/> method decided about a presented ticket.</summary>
public readonly struct TicketKeyLookup
{
    private TicketKeyLookup(TicketKeyLookupResult result, TicketKey? key)
    {
        Result = result;
        Key = key;
    }

    /// <summary>No key has the ticket's name: full handshake.</summary>
    public static TicketKeyLookup UnknownKey => new(TicketKeyLookupResult.UnknownKey, null);

    /// <summary>The key is known but outside its window: full handshake.</summary>
    public static TicketKeyLookup Expired => new(TicketKeyLookupResult.Expired, null);

    /// <summary>The key was revoked (<see cref="TicketKeyRing.Revoke"/>): full handshake.</summary>
    public static TicketKeyLookup Revoked => new(TicketKeyLookupResult.Revoked, null);

    /// <summary>The decision.</summary>
    public TicketKeyLookupResult Result { get; }

    /// <summary>The key to decrypt with, for <see cref="TicketKeyLookupResult.Resume"/> and <see cref="TicketKeyLookupResult.Renew"/>.</summary>
    public TicketKey? Key { get; }

    /// <summary>Resume with <paramref name="key"/> and keep the ticket.</summary>
    public static TicketKeyLookup Resume(TicketKey key) => new(TicketKeyLookupResult.Resume, key);

    /// <summary>Resume with <paramref name="key"/> and issue a fresh ticket under the current key.</summary>
    public static TicketKeyLookup Renew(TicketKey key) => new(TicketKeyLookupResult.Renew, key);

    /// <inheritdoc/>
    public override string ToString() => Key is null ? Result.ToString() : $"{Result} with {Key.NameHex}";
}
