namespace TicketKeys.AspNetCore;

/// <summary>
/// What TicketKeys knows about one TLS connection, set by the connection middleware of
/// <see cref="TicketKeysKestrelExtensions"/> once its handshake is done. Read it from
/// <c>HttpContext.Features</c> or the connection's features.
/// </summary>
public interface ITicketKeysConnectionFeature
{
    /// <summary>Whether this connection resumed a session (from a ticket) rather than making a full handshake.</summary>
    bool Resumed { get; }

    /// <summary>
    /// The name (hex) of the fleet key this connection resumed under; null for a full handshake, or when the ticket was
    /// sealed with .NET's own key. Key names travel in clear in every ticket; the keys themselves never leave the ring.
    /// </summary>
    string? ResumedKeyNameHex { get; }

    /// <summary>
    /// Whether the fleet's ticket keys serve the connection's <c>SSL_CTX</c> now. False where the bridge is unsupported
    /// (then tickets are sealed with .NET's own per-process key, as without TicketKeys).
    /// </summary>
    bool FleetKeys { get; }
}
