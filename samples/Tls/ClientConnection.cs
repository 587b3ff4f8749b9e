using System;
using System.Runtime.InteropServices;

namespace TicketKeys.Samples.Tls;

/// <summary>The client half of one connection: its <c>SSL*</c>, the session it offers, and the result it reports.</summary>
internal sealed class ClientConnection : IDisposable
{
    private readonly ClientSession? _offered;

    private ClientConnection(nint ssl, ClientSession? offered)
    {
        Ssl = ssl;
        _offered = offered;
    }

    internal nint Ssl { get; }

    private static void SetServerName(nint ssl, string serverName)
    {
        nint name = Marshal.StringToCoTaskMemUTF8(serverName);
        try
        {
            // SSL_set_tlsext_host_name: a macro over SSL_ctrl; OpenSSL copies the name.
            if (LibSsl.SSL_ctrl(ssl, LibSsl.CtrlSetTlsExtHostName, new(LibSsl.NameTypeHostName), name).Value != 1)
            {
                throw TlsSetupException.FromErrorQueue("SSL_set_tlsext_host_name");
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    /// <summary>Creates the client <c>SSL*</c>, with SNI (none when <paramref name="serverName"/> is empty) and the session to resume, ready to connect.</summary>
    internal static ClientConnection Open(ClientContext context, ClientSession? resume, string serverName = ClientContext.ServerName)
    {
        nint ssl = LibSsl.SSL_new(context.Handle);
        if (ssl == 0)
        {
            throw TlsSetupException.FromErrorQueue("SSL_new (client)");
        }

        var connection = new ClientConnection(ssl, resume);
        try
        {
            if (serverName.Length > 0)
            {
                SetServerName(ssl, serverName);
            }

            if (resume is not null && LibSsl.SSL_set_session(ssl, resume.Handle) != 1)
            {
                throw TlsSetupException.FromErrorQueue("SSL_set_session");
            }

            LibSsl.SSL_set_connect_state(ssl);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The result of a connection that went through handshake, data and shutdown.</summary>
    internal HandshakeResult Succeeded()
    {
        nint handle = LibSsl.SSL_get1_session(Ssl);
        ClientSession? session = handle == 0 ? null : new ClientSession(handle);

        // A server that sends no ticket leaves the client holding the session it offered, ticket and all.
        bool newTicket = session is { HasTicket: true }
            && (_offered is null || !session.HasSameTicketAs(_offered));
        return new HandshakeResult(true, LibSsl.SSL_session_reused(Ssl) == 1, (TlsVersion)LibSsl.SSL_version(Ssl), session, newTicket, null);
    }

    /// <summary>The result of a connection that failed.</summary>
    internal HandshakeResult Failed(string error) =>
        new(false, LibSsl.SSL_session_reused(Ssl) == 1, (TlsVersion)LibSsl.SSL_version(Ssl), null, false, error);

    /// <summary>Frees the <c>SSL*</c> and the BIOs it owns.</summary>
    public void Dispose() => LibSsl.SSL_free(Ssl);
}
