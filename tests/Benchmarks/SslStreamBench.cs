using System;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using TicketKeys.Samples.Tls;

namespace TicketKeys.Benchmarks;

/// <summary>
/// Resumed handshakes through <see cref="SslStream"/> on both ends (in-process, loopback TCP), with or without the bridge.
/// Each bench has its own certificate and host name, so its own server <c>SSL_CTX</c> and its own client session cache.
/// </summary>
internal sealed class SslStreamBench : IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly SslStreamLoopback _loopback;
    private readonly SslStreamTicketKeys? _bridge;

    public SslStreamBench(string host, SslProtocols protocol, SslStreamTicketKeys? bridge)
    {
        _certificate = SslStreamServer.CreateCertificate(host);
        _loopback = new SslStreamLoopback(_certificate, host, protocol);
        _bridge = bridge;

        // The attaching connection's ticket is .NET's own; the next one is the provider's, and resumes from then on.
        Handshake();
        Handshake();
    }

    /// <summary>How many of the handshakes so far resumed (as the server's OpenSSL says).</summary>
    public int Resumed { get; private set; }

    public int Handshakes { get; private set; }

    /// <summary>One connection: handshake, one byte from the server, close.</summary>
    public void Handshake()
    {
        (SslStream server, SslStream client) = _loopback.Connect();
        using (server)
        using (client)
        {
            _ = _bridge?.Attach(server);
            Handshakes++;
            if (SslStreamTicketKeys.GetResumption(server).IsResumed)
            {
                Resumed++;
            }
        }
    }

    public void Dispose()
    {
        _loopback.Dispose();
        _certificate.Dispose();
    }
}
