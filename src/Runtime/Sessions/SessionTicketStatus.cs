namespace TicketKeys;

/// <summary>How far a ticket opened under a key (<see cref="SessionTicket.Open"/>), in the order a server checks.</summary>
public enum SessionTicketStatus
{
    /// <summary>The HMAC verifies, the ciphertext decrypts with valid padding and the session inside parses.</summary>
    Opened = 0,

    /// <summary>Shorter than <see cref="SessionTicket.MinimumLength"/>: not a sealed ticket (for example a session-cache id).</summary>
    TooShort = 1,

    /// <summary>The ticket carries another key name than the key's.</summary>
    OtherKeyName = 2,

    /// <summary>The HMAC does not verify under the key: the ticket was sealed with other key bytes, or altered.</summary>
    HmacMismatch = 3,

    /// <summary>The HMAC verifies but the ciphertext does not decrypt (bad length or padding): the AES key differs.</summary>
    DecryptionFailed = 4,

    /// <summary>It decrypts, but OpenSSL cannot read the session inside.</summary>
    SessionUnreadable = 5,
}
