using System;
using System.Collections.Generic;
using System.Text;

namespace TicketKeys.Samples.Tls;

/// <summary>
/// One client-server connection over a pair of memory BIOs, both sides driven in the calling thread: no sockets,
/// no threads, and each side's state is known after every step.
/// </summary>
public static class MemoryHandshake
{
    // A TLS 1.3 handshake with tickets takes a handful of rounds; more means neither side can make progress.
    private const int MaxRounds = 64;

    /// <summary>
    /// Handshakes (offering <paramref name="resume"/>), lets the client read the server's greeting (TLS 1.3 tickets
    /// arrive before it), sends a reply, and shuts both sides down cleanly.
    /// </summary>
    /// <param name="server">The server's context.</param>
    /// <param name="client">The client's context.</param>
    /// <param name="resume">The session to offer, if any.</param>
    /// <param name="serverName">The host name the client asks for (SNI).</param>
    /// <exception cref="TlsSetupException">OpenSSL could not create a connection object.</exception>
    public static HandshakeResult Connect(ServerContext server, ClientContext client, ClientSession? resume = null, string serverName = ClientContext.ServerName)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(client);
        OpenSslErrorQueue.Clear();
        try
        {
            using ClientConnection connection = ClientConnection.Open(client, resume, serverName);
            nint serverSsl = LibSsl.SSL_new(server.Handle);
            if (serverSsl == 0)
            {
                throw TlsSetupException.FromErrorQueue("SSL_new (server)");
            }

            try
            {
                if (LibCrypto.BIO_new_bio_pair(out nint clientBio, 0, out nint serverBio, 0) != 1)
                {
                    throw TlsSetupException.FromErrorQueue("BIO_new_bio_pair");
                }

                // Each SSL* takes ownership of its half of the pair and frees it in SSL_free.
                LibSsl.SSL_set_bio(connection.Ssl, clientBio, clientBio);
                LibSsl.SSL_set_bio(serverSsl, serverBio, serverBio);
                LibSsl.SSL_set_accept_state(serverSsl);

                string? error = Converse(connection.Ssl, serverSsl);
                return error is null ? connection.Succeeded() : connection.Failed(error);
            }
            finally
            {
                LibSsl.SSL_free(serverSsl);
            }
        }
        finally
        {
            OpenSslErrorQueue.Clear();
        }
    }

    private static string? Converse(nint client, nint server)
    {
        byte[] greeting = Encoding.ASCII.GetBytes("hello from the memory server\n");
        byte[] reply = Encoding.ASCII.GetBytes("bye\n");
        var clientReceived = new List<byte>();
        var serverReceived = new List<byte>();
        return Pump(() => SslOperations.Handshake(client, "client"), () => SslOperations.Handshake(server, "server"))
            ?? Pump(() => SslOperations.ReadLine(client, clientReceived, "client"), () => SslOperations.Write(server, greeting, "server"))
            ?? Pump(() => SslOperations.Write(client, reply, "client"), () => SslOperations.ReadLine(server, serverReceived, "server"))
            ?? Pump(() => SslOperations.Shutdown(client, "client"), () => SslOperations.Shutdown(server, "server"));
    }

    /// <summary>Alternates the two sides until both are done; returns the first failure, or null.</summary>
    private static string? Pump(Func<SslStep> client, Func<SslStep> server)
    {
        bool clientDone = false;
        bool serverDone = false;
        for (int round = 0; round < MaxRounds; round++)
        {
            if (!clientDone)
            {
                SslStep step = client();
                if (step.Failed)
                {
                    return step.Error;
                }

                clientDone = step.Done;
            }

            if (!serverDone)
            {
                SslStep step = server();
                if (step.Failed)
                {
                    return step.Error;
                }

                serverDone = step.Done;
            }

            if (clientDone && serverDone)
            {
                return null;
            }
        }

        return $"No progress after {MaxRounds} rounds (client {(clientDone ? "done" : "waiting")}, server {(serverDone ? "done" : "waiting")}).";
    }
}
