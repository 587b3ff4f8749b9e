namespace TicketKeys;

/// <summary>How a provider answers OpenSSL when it cannot issue a ticket.</summary>
public enum TicketEncryptFailure
{
    /// <summary>Return 0: the handshake completes and the client gets no ticket (the default).</summary>
    NoTicket = 0,

    /// <summary>Return -1: OpenSSL aborts the handshake with an internal_error alert.</summary>
    AbortHandshake = 1,
}
