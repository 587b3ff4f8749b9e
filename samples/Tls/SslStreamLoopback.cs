using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;

namespace TicketKeys.Samples.Tls;

/// <summary>
/// In-process <see cref="SslStream"/> server and client over loopback TCP, for measuring and inspecting handshakes
/// from both ends. .NET's client keeps sessions per target host by itself, so a second connection offers the first
/// one's session: a resumed handshake.
/// </summary>
public sealed class SslStreamLoopback : IDisposable
{
    private static readonly byte[] OneByte = [1];

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly SslServerAuthenticationOptions _server;
    private readonly SslClientAuthenticationOptions _client;

    /// <summary>A server for <paramref name="certificate"/> and clients that connect to it as <paramref name="host"/>.</summary>
    public SslStreamLoopback(X509Certificate2 certificate, string host, SslProtocols protocols)
    {
        _server = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
            EnabledSslProtocols = protocols,
        };
        _client = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        };
        _listener.Start();
    }

    /// <summary>
    /// Connects and authenticates both ends, then sends one byte from the server that the client reads, so the client has
    /// processed the TLS 1.3 tickets that precede it. The caller disposes both streams.
    /// </summary>
    public (SslStream Server, SslStream Client) Connect()
    {
        Task<TcpClient> accepting = _listener.AcceptTcpClientAsync();

        // Without NoDelay, TLS 1.3's extra server flight waits for a delayed ACK (~40 ms) on every connection.
        var clientSocket = new TcpClient { NoDelay = true };
        clientSocket.Connect((IPEndPoint)_listener.LocalEndpoint);
        TcpClient serverSocket = accepting.GetAwaiter().GetResult();
        serverSocket.NoDelay = true;
        var server = new SslStream(serverSocket.GetStream(), leaveInnerStreamOpen: false);
        var client = new SslStream(clientSocket.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            Task serverDone = server.AuthenticateAsServerAsync(_server);
            client.AuthenticateAsClient(_client);
            serverDone.GetAwaiter().GetResult();
            server.Write(OneByte);
            server.Flush();
            _ = client.ReadByte();
            return (server, client);
        }
        catch
        {
            server.Dispose();
            client.Dispose();
            throw;
        }
    }

    public void Dispose() => _listener.Stop();
}
