namespace TicketKeys;

/// <summary>The result of <see cref="SessionTicket.Open"/>: how far the ticket opened, and the session inside when it did.</summary>
public sealed class SessionTicketOpening
{
    internal SessionTicketOpening(SessionTicketStatus status, TlsSessionSummary? session = null)
    {
        Status = status;
        Session = session;
    }

    /// <summary>How far the ticket opened.</summary>
    public SessionTicketStatus Status { get; }

    /// <summary>The server's session sealed in the ticket, when <see cref="Status"/> is <see cref="SessionTicketStatus.Opened"/>.</summary>
    public TlsSessionSummary? Session { get; }

    /// <inheritdoc/>
    public override string ToString() => Session is null ? Status.ToString() : $"{Status}: {Session}";
}
