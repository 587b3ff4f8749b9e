using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace TicketKeys.Net;

/// <summary>
/// One TLS handshake with this process over 127.0.0.1, with the server options a real server uses: .NET creates (or
/// finds in its cache) the <c>SSL_CTX</c> for those options, which the bridge can then attach to before any client comes.
/// </summary>
internal static class LoopbackHandshake
{
    /// <summary>Runs the handshake and hands the authenticated server stream to <paramref name="attach"/>.</summary>
    public static async Task<SslStreamTicketKeyStatus> RunAsync(
        SslServerAuthenticationOptions serverOptions,
        string targetHost,
        Func<SslStream, SslStreamTicketKeyStatus> attach,
        CancellationToken cancellationToken)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Task<Socket> accepting = listener.AcceptAsync(cancellationToken).AsTask();
        await clientSocket.ConnectAsync(listener.LocalEndPoint!, cancellationToken).ConfigureAwait(false);
        using Socket serverSocket = await accepting.ConfigureAwait(false);
        serverSocket.NoDelay = true;

        var server = new SslStream(new NetworkStream(serverSocket, ownsSocket: false), leaveInnerStreamOpen: false);
        var client = new SslStream(new NetworkStream(clientSocket, ownsSocket: false), leaveInnerStreamOpen: false);
        await using (server.ConfigureAwait(false))
        await using (client.ConfigureAwait(false))
        {
            var clientOptions = new SslClientAuthenticationOptions
            {
                TargetHost = targetHost,
                EnabledSslProtocols = serverOptions.EnabledSslProtocols,

                // The peer is this process: its certificate is the one being warmed up, not one to trust.
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            };
            await Task.WhenAll(
                server.AuthenticateAsServerAsync(serverOptions, cancellationToken),
                client.AuthenticateAsClientAsync(clientOptions, cancellationToken)).ConfigureAwait(false);
            return attach(server);
        }
    }
}
