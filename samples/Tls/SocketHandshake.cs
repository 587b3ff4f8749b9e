using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace TicketKeys.Samples.Tls;

/// <summary>One client connection over a real TCP socket (loopback, in this project), with blocking OpenSSL calls.</summary>
public static class SocketHandshake
{
    /// <summary>How long one blocking read or write may wait for the server.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    // Reading a line may take a few records; more than this means the server misbehaves.
    private const int MaxCallsPerStep = 16;

    /// <summary>
    /// Connects, handshakes (offering <paramref name="resume"/>), reads the server's greeting line (TLS 1.3 tickets
    /// arrive before it), sends a reply, and shuts down cleanly, waiting for the server's close_notify.
    /// </summary>
    /// <exception cref="TlsSetupException">OpenSSL could not create the connection object.</exception>
    public static HandshakeResult Connect(IPEndPoint server, ClientContext client, ClientSession? resume = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(client);
        OpenSslErrorQueue.Clear();
        try
        {
            // Synchronous socket calls only: an asynchronous one would switch the descriptor to non-blocking mode
            // underneath OpenSSL.
            using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            {
                NoDelay = true,
                ReceiveTimeout = (int)Timeout.TotalMilliseconds,
                SendTimeout = (int)Timeout.TotalMilliseconds,
            };
            using ClientConnection connection = ClientConnection.Open(client, resume);
            try
            {
                socket.Connect(server);
            }
            catch (SocketException exception)
            {
                return connection.Failed($"Connecting to {server} failed: {exception.Message}");
            }

            if (LibSsl.SSL_set_fd(connection.Ssl, checked((int)socket.Handle)) != 1)
            {
                throw TlsSetupException.FromErrorQueue("SSL_set_fd");
            }

            string? error = Converse(connection.Ssl);
            return error is null ? connection.Succeeded() : connection.Failed(error);
        }
        finally
        {
            OpenSslErrorQueue.Clear();
        }
    }

    private static string? Converse(nint ssl)
    {
        var received = new List<byte>();
        return Run(() => SslOperations.Handshake(ssl, "client"))
            ?? Run(() => SslOperations.ReadLine(ssl, received, "client"))
            ?? Run(() => SslOperations.Write(ssl, "bye\n"u8, "client"))
            ?? Run(() => SslOperations.Shutdown(ssl, "client"));
    }

    private static string? Run(Func<SslStep> step) => BlockingSteps.Run(step, Timeout, MaxCallsPerStep);
}
