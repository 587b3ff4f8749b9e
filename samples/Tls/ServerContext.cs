using System;
using System.Collections.Generic;

namespace TicketKeys.Samples.Tls;

/// <summary>
/// A server <c>SSL_CTX</c> for TLS 1.2 and 1.3 with its session-ID cache off, so that every resumption it accepts
/// came through a session ticket. Until a ticket-key provider is attached, OpenSSL uses its own built-in ticket keys.
/// </summary>
public sealed class ServerContext : IDisposable
{
    private nint _handle;
    private ServerNameRoute? _route;

    private ServerContext(nint handle) => _handle = handle;

    /// <summary>The <c>SSL_CTX*</c>, for <c>provider.AttachTo(context.Handle)</c>.</summary>
    /// <exception cref="ObjectDisposedException">The context is disposed.</exception>
    public nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle == 0, this);
            return _handle;
        }
    }

    /// <summary>Creates a server context.</summary>
    /// <param name="certificate">The certificate and key to serve (the context keeps its own references).</param>
    /// <param name="onlyVersion">Pins one TLS version; both 1.2 and 1.3 when null.</param>
    public static ServerContext Create(ServerCertificate certificate, TlsVersion? onlyVersion = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        OpenSslErrorQueue.Clear();
        nint handle = LibSsl.SSL_CTX_new(LibSsl.TLS_server_method());
        if (handle == 0)
        {
            throw TlsSetupException.FromErrorQueue("SSL_CTX_new (server)");
        }

        try
        {
            ProtocolVersions.Apply(handle, onlyVersion);
            certificate.ApplyTo(handle);

            // SSL_CTX_set_session_cache_mode returns the previous mode, so there is nothing to check.
            LibSsl.SSL_CTX_ctrl(handle, LibSsl.CtrlSetSessionCacheMode, new(LibSsl.SessionCacheOff), 0);
            return new ServerContext(handle);
        }
        catch
        {
            LibSsl.SSL_CTX_free(handle);
            throw;
        }
    }

    /// <summary>
    /// Moves connections that ask for <paramref name="serverName"/> (SNI; clients here send <c>localhost</c>) to
    /// <paramref name="target"/>, as virtual-host servers do. Keep the target alive as long as this context.
    /// </summary>
    public void RouteServerName(string serverName, ServerContext target)
    {
        ArgumentException.ThrowIfNullOrEmpty(serverName);
        ArgumentNullException.ThrowIfNull(target);
        RouteServerNames(new Dictionary<string, ServerContext> { [serverName] = target });
    }

    /// <summary>Moves connections to the context of the server name they ask for (ASCII case-insensitive); others stay.</summary>
    public void RouteServerNames(IReadOnlyDictionary<string, ServerContext> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        _route?.Dispose();
        _route = ServerNameRoute.Install(Handle, targets);
    }

    /// <summary>Frees the context (after any attachment on it has been disposed).</summary>
    public void Dispose()
    {
        _route?.Dispose();
        _route = null;
        nint handle = _handle;
        _handle = 0;
        if (handle != 0)
        {
            LibSsl.SSL_CTX_free(handle);
        }
    }
}
