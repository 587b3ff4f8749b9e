using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TicketKeys.AspNetCore;

/// <summary>
/// Opens the keys when the host starts (so a missing or broken key folder stops it with the path and the problem),
/// and once Kestrel listens makes one TLS handshake with each endpoint that has <c>UseTicketKeys</c> from inside the
/// process (the warm-up):
/// .NET creates its <c>SSL_CTX</c> on the first handshake, and tickets issued before the keys are attached are sealed
/// with .NET's own per-process key; after the warm-up even the first client gets a ticket the whole fleet accepts.
/// </summary>
internal sealed partial class TicketKeysStartup(
    KestrelTicketKeys keys,
    IOptions<TicketKeysOptions> options,
    ILogger<TicketKeysStartup> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan WarmUpTimeout = TimeSpan.FromSeconds(5);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after every hosted service started, Kestrel included, and before the host reports it started.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.WarmUp)
        {
            return;
        }

        foreach (IPEndPoint endpoint in HttpsEndpoints())
        {
            try
            {
                await WarmUpAsync(endpoint, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failed warm-up only means the first client gets a per-process ticket: never fail the start for it.
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogWarmUpFailed(logger, endpoint, exception.Message);
            }
        }
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The bound addresses of the endpoints with <c>UseTicketKeys</c>, wildcards turned into loopback.</summary>
    private IEnumerable<IPEndPoint> HttpsEndpoints()
    {
        foreach (ListenOptions endpoint in keys.Endpoints)
        {
            // Kestrel writes the bound address (with the port chosen for port 0) back into the options.
            if (endpoint.IPEndPoint is not { } bound)
            {
                continue;
            }

            IPAddress address = bound.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
                : bound.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
                : bound.Address;
            yield return new IPEndPoint(address, bound.Port);
        }
    }

    private async Task WarmUpAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WarmUpTimeout);
        long started = Stopwatch.GetTimestamp();
        long seenBefore = keys.HandshakesSeen;
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        await using (stream.ConfigureAwait(false))
        {
            await stream.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",

                    // This process talking to itself over loopback; it sends no data and only needs the server to handshake.
#pragma warning disable CA5359
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
                },
                timeout.Token).ConfigureAwait(false);

            // The client finishes its handshake before the server has run its connection middleware: wait for it.
            while (keys.HandshakesSeen == seenBefore)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), timeout.Token).ConfigureAwait(false);
            }
        }

        LogWarmedUp(logger, endpoint, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "TicketKeys: warmed up {EndPoint} in {Milliseconds:0.0} ms: ticket keys are attached before the first client.")]
    private static partial void LogWarmedUp(ILogger logger, IPEndPoint endPoint, double milliseconds);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning,
        Message = "TicketKeys: the start-up handshake with {EndPoint} failed ({Problem}); the first clients may get tickets sealed with this process's own key.")]
    private static partial void LogWarmUpFailed(ILogger logger, IPEndPoint endPoint, string problem);
}
