using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TicketKeys.Samples.Tls;

/// <summary>
/// A small blocking TLS server: one thread accepts, one thread per connection handshakes, sends a greeting line,
/// reads until the client's close_notify (or EOF) and shuts down. Failures end their connection, never the server.
/// </summary>
public sealed class TlsServer : IDisposable
{
    /// <summary>Connections served at once; more are closed right after accepting.</summary>
    public const int MaxConnections = 64;

    /// <summary>How long a client may take to handshake, and then to close the connection; slower ones are dropped.</summary>
    public static readonly TimeSpan ConversationTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan AcceptPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    // Enough records for a chatty client; the conversation timeout bounds a silent one.
    private const int MaxReadsPerConnection = 1024;

    private readonly Socket _listener;
    private readonly ServerContext _context;
    private readonly Action<ServedConnection>? _onConnection;
    private readonly Thread _acceptThread;
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private volatile bool _stopping;

    private TlsServer(Socket listener, ServerContext context, Action<ServedConnection>? onConnection)
    {
        _listener = listener;
        _context = context;
        _onConnection = onConnection;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = $"TlsServer {LocalEndPoint}" };
    }

    /// <summary>Where the server listens (with the actual port when started on port 0).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Starts listening and serving.</summary>
    /// <param name="endpoint">Where to listen; port 0 picks a free port.</param>
    /// <param name="context">The server context; it must outlive the server.</param>
    /// <param name="onConnection">Told about every connection when it ends (on that connection's thread); exceptions it throws are ignored.</param>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public static TlsServer Start(IPEndPoint endpoint, ServerContext context, Action<ServedConnection>? onConnection = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(context);
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endpoint);
            listener.Listen(MaxConnections);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        var server = new TlsServer(listener, context, onConnection);
        server._acceptThread.Start();
        return server;
    }

    /// <summary>Stops accepting, wakes every connection and waits (boundedly) for them to end.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _acceptThread.Join(StopTimeout);
        _listener.Dispose();
        foreach (Socket socket in _connections.Keys)
        {
            try
            {
                // Shutdown, not Dispose: the connection's thread still hands the descriptor to OpenSSL.
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                // The connection ended on its own meanwhile.
            }
        }

        Task.WaitAll([.. _connections.Values], StopTimeout);
    }

    private void AcceptLoop()
    {
        while (!_stopping)
        {
            try
            {
                // Polling keeps the listener (and so every accepted socket) in blocking mode, which OpenSSL needs.
                if (!_listener.Poll(AcceptPollInterval, SelectMode.SelectRead))
                {
                    continue;
                }

                Socket socket = _listener.Accept();
                if (_connections.Count >= MaxConnections)
                {
                    socket.Dispose();
                    continue;
                }

                socket.NoDelay = true;
                socket.ReceiveTimeout = (int)ConversationTimeout.TotalMilliseconds;
                socket.SendTimeout = (int)ConversationTimeout.TotalMilliseconds;
                var connection = new Task(() => Serve(socket), TaskCreationOptions.LongRunning);
                _connections[socket] = connection;
                connection.Start();
            }
            catch (SocketException)
            {
                // A client that vanished between poll and accept; keep serving the others.
            }
        }
    }

    private void Serve(Socket socket)
    {
        IPEndPoint? remote = null;
        ServedConnection outcome;
        OpenSslErrorQueue.Clear();
        nint ssl = LibSsl.SSL_new(_context.Handle);
        try
        {
            remote = socket.RemoteEndPoint as IPEndPoint;
            outcome = ssl == 0
                ? new ServedConnection(remote, false, false, default, OpenSslErrorQueue.Describe("SSL_new (server)", LibSsl.ErrorSsl))
                : Converse(ssl, socket, remote);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            outcome = new ServedConnection(remote, false, false, default, exception.Message);
        }
        finally
        {
            if (ssl != 0)
            {
                LibSsl.SSL_free(ssl);
            }

            OpenSslErrorQueue.Clear();
            _connections.TryRemove(socket, out _);
            socket.Dispose();
        }

        Report(outcome);
    }

    private static ServedConnection Converse(nint ssl, Socket socket, IPEndPoint? remote)
    {
        if (LibSsl.SSL_set_fd(ssl, checked((int)socket.Handle)) != 1)
        {
            return new ServedConnection(remote, false, false, default, OpenSslErrorQueue.Describe("SSL_set_fd", LibSsl.ErrorSsl));
        }

        LibSsl.SSL_set_accept_state(ssl);
        string? error = BlockingSteps.Run(() => SslOperations.Handshake(ssl, "server"), ConversationTimeout, 1);
        if (error is not null)
        {
            return new ServedConnection(remote, false, false, default, error);
        }

        var version = (TlsVersion)LibSsl.SSL_version(ssl);
        bool resumed = LibSsl.SSL_session_reused(ssl) == 1;
        byte[] greeting = Encoding.ASCII.GetBytes($"TicketServer: {version.ToDisplayString()}, {(resumed ? "resumed" : "full handshake")}\n");
        error = BlockingSteps.Run(() => SslOperations.Write(ssl, greeting, "server"), ConversationTimeout, 1)
            ?? BlockingSteps.Run(() => SslOperations.ReadUntilClose(ssl, "server"), ConversationTimeout, MaxReadsPerConnection);
        if (error is null)
        {
            // The client's close_notify is in, so this sends ours and finishes; a client that already hung up
            // cannot hurt the sessions it holds.
            SslOperations.Shutdown(ssl, "server");
        }

        return new ServedConnection(remote, true, resumed, version, error);
    }

    private void Report(ServedConnection outcome)
    {
        if (_onConnection is null)
        {
            return;
        }

        try
        {
            _onConnection(outcome);
        }
        catch (Exception)
        {
            // The observer is the caller's code: its failure must not end the connection's thread.
        }
    }
}
