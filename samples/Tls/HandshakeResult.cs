namespace TicketKeys.Samples.Tls;

/// <summary>What one client connection saw.</summary>
/// <param name="Completed">The handshake, data exchange and clean shutdown all succeeded.</param>
/// <param name="Resumed">The server accepted the presented session (the ticket, since servers here keep no session cache).</param>
/// <param name="Version">The negotiated version; meaningful only when <paramref name="Completed"/>.</param>
/// <param name="Session">The newest session the client holds (with the newest ticket); the caller disposes it.</param>
/// <param name="NewTicketReceived">The server sent at least one ticket in this connection (a renewal, when resumed).</param>
/// <param name="Error">OpenSSL's error text when the connection failed.</param>
public sealed record HandshakeResult(bool Completed, bool Resumed, TlsVersion Version, ClientSession? Session, bool NewTicketReceived, string? Error);
