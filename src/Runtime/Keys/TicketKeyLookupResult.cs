namespace TicketKeys;

/// <summary>The outcome of looking up a ticket's key.</summary>
public enum TicketKeyLookupResult
{
    /// <summary>No key has the ticket's name (callback returns 0: full handshake).</summary>
    UnknownKey = 0,

    /// <summary>The key exists but is outside its window (callback returns 0: full handshake).</summary>
    Expired = 1,

    /// <summary>Resume; the ticket stays (callback returns 1).</summary>
    Resume = 2,

    /// <summary>Resume and replace the ticket (callback returns 2).</summary>
    Renew = 3,

    /// <summary>The key was revoked (callback returns 0: full handshake).</summary>
    Revoked = 4,
}
