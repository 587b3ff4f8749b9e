using System.Net;

namespace TicketKeys.Samples.Tls;

/// <summary>What <see cref="TlsServer"/> saw of one connection, reported when it ends.</summary>
/// <param name="Remote">The client's address, when known.</param>
/// <param name="Completed">The handshake succeeded (the rest of the conversation may still have failed: see <paramref name="Error"/>).</param>
/// <param name="Resumed">The client resumed a session (by ticket: the server keeps no session cache).</param>
/// <param name="Version">The negotiated version; meaningful only when <paramref name="Completed"/>.</param>
/// <param name="Error">What went wrong, or null.</param>
public sealed record ServedConnection(IPEndPoint? Remote, bool Completed, bool Resumed, TlsVersion Version, string? Error);
