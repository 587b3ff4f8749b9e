using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TicketKeys.Samples.Tls;

/// <summary>
/// A TLS server the way most .NET servers terminate TLS: <see cref="TcpListener"/> plus
/// <see cref="SslStream.AuthenticateAsServerAsync(SslServerAuthenticationOptions, CancellationToken)"/> on 127.0.0.1.
/// After each handshake it hands the stream to <see cref="SslStreamTicketKeys.Attach"/> (when given), then sends one
/// line <c>SslStreamServer: TLSv1.3 attach=Attached resumed under key …</c> and reads until the client closes.
/// Failures end their connection, never the server.
/// </summary>
public sealed class SslStreamServer : IDisposable
{
    /// <summary>How each greeting line starts.</summary>
    public const string GreetingPrefix = "SslStreamServer: ";

    private static readonly TimeSpan ConversationTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly SslServerAuthenticationOptions _options;
    private readonly SslStreamTicketKeys? _ticketKeys;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private readonly Task _acceptLoop;

    /// <summary>Starts serving on a free port of 127.0.0.1.</summary>
    /// <param name="certificate">The server certificate, with its private key.</param>
    /// <param name="ticketKeys">The bridge to attach each connection to; null serves with .NET's own ticket keys.</param>
    /// <param name="clientCertificateRequired">Ask clients for a certificate (and accept any), which changes the session id context.</param>
    public SslStreamServer(X509Certificate2 certificate, SslStreamTicketKeys? ticketKeys, bool clientCertificateRequired = false)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        _ticketKeys = ticketKeys;
        _options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
            ClientCertificateRequired = clientCertificateRequired,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        };
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The options every connection authenticates with (for <see cref="SslStreamTicketKeys.AttachAheadAsync"/>).</summary>
    public SslServerAuthenticationOptions Options => _options;

    /// <summary>The port listened on.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>, as <c>openssl s_client -connect</c> takes it.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Makes a fresh self-signed ECDSA P-256 certificate for <paramref name="host"/>, valid for 30 days.</summary>
    public static X509Certificate2 CreateCertificate(string host = "localhost")
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        alternativeNames.AddDnsName(host);
        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }

    /// <summary>Stops accepting, ends open connections and waits for them.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        try
        {
            Task.WaitAll([_acceptLoop, .. _connections.Keys], ConversationTimeout);
        }
        catch (AggregateException)
        {
            // Connections ended by the stop.
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Task connection = ServeAsync(client);
            _connections[connection] = true;
            _ = connection.ContinueWith(done => _connections.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(ConversationTimeout);
        try
        {
            using (client)
            using (var stream = new SslStream(client.GetStream(), leaveInnerStreamOpen: false))
            {
                await stream.AuthenticateAsServerAsync(_options, timeout.Token).ConfigureAwait(false);
                SslStreamTicketKeyStatus? status = _ticketKeys?.Attach(stream);
                SslStreamResumption resumption = SslStreamTicketKeys.GetResumption(stream);
                string line = $"{GreetingPrefix}{Protocol(stream)} attach={status?.ToString() ?? "none"} {resumption}\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(line), timeout.Token).ConfigureAwait(false);
                byte[] buffer = new byte[1024];
                while (await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false) > 0)
                {
                }

                await stream.ShutdownAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or AuthenticationException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client went away or failed its handshake: that connection ends, the server goes on.
        }
    }

#pragma warning disable SYSLIB0039 // Naming old versions is what this line is for.
    private static string Protocol(SslStream stream) => stream.SslProtocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        var other => other.ToString(),
    };
#pragma warning restore SYSLIB0039
}
