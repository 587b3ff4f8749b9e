namespace TicketKeys.Integration.Tests.Bridge;

/// <summary>What one <c>s_client</c> connection saw: the server's greeting line, and whether the client says it resumed.</summary>
internal sealed record SslStreamConnection(string Greeting, bool ClientReused, string Transcript);
