using System;
using TicketKeys;
using TicketKeys.Samples.Tls;

namespace TicketKeys.Benchmarks;

/// <summary>
/// One server and client context pair doing resumed handshakes over memory BIOs, with OpenSSL's built-in ticket keys
/// or with a <see cref="TicketKeyRing"/> attached through a registration.
/// </summary>
public sealed class HandshakeBench : IDisposable
{
    private readonly ServerContext _server;
    private readonly ClientContext _client;
    private readonly IDisposable? _attachment;
    private ClientSession _session;

    /// <summary>A bench whose server context gets its ticket callback from <paramref name="attach"/> (none: built-in keys).</summary>
    public HandshakeBench(ServerCertificate certificate, TlsVersion version, Func<nint, IDisposable?>? attach)
    {
        _server = ServerContext.Create(certificate, version);
        _attachment = attach?.Invoke(_server.Handle);
        _client = ClientContext.Create(version);
        HandshakeResult full = MemoryHandshake.Connect(_server, _client);
        _session = full.Session ?? throw new InvalidOperationException($"no session after a full handshake: {full.Error}");
    }

    /// <summary>One resumed handshake; keeps the newest session so TLS 1.3 tickets are used once.</summary>
    public void Resume()
    {
        HandshakeResult result = MemoryHandshake.Connect(_server, _client, _session);
        if (!result.Resumed)
        {
            throw new InvalidOperationException($"the handshake did not resume: {result.Error}");
        }

        if (!ReferenceEquals(result.Session, _session))
        {
            _session.Dispose();
            _session = result.Session!;
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _attachment?.Dispose();
        _client.Dispose();
        _server.Dispose();
    }
}
