using System;

namespace TicketKeys.Samples.Tls;

/// <summary>
/// A client <c>SSL_CTX</c> for TLS 1.2 and 1.3 that does not verify the server's certificate: the harness talks to
/// its own self-signed servers, and what it checks is resumption, not identity.
/// </summary>
public sealed class ClientContext : IDisposable
{
    /// <summary>The server name (SNI) every client connection here asks for.</summary>
    public const string ServerName = "localhost";

    private nint _handle;

    private ClientContext(nint handle) => _handle = handle;

    /// <summary>The <c>SSL_CTX*</c>.</summary>
    /// <exception cref="ObjectDisposedException">The context is disposed.</exception>
    public nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle == 0, this);
            return _handle;
        }
    }

    /// <summary>Creates a client context.</summary>
    /// <param name="onlyVersion">Pins one TLS version; both 1.2 and 1.3 when null.</param>
    public static ClientContext Create(TlsVersion? onlyVersion = null)
    {
        OpenSslErrorQueue.Clear();
        nint handle = LibSsl.SSL_CTX_new(LibSsl.TLS_client_method());
        if (handle == 0)
        {
            throw TlsSetupException.FromErrorQueue("SSL_CTX_new (client)");
        }

        try
        {
            ProtocolVersions.Apply(handle, onlyVersion);
            LibSsl.SSL_CTX_set_verify(handle, LibSsl.VerifyNone, 0);
            return new ClientContext(handle);
        }
        catch
        {
            LibSsl.SSL_CTX_free(handle);
            throw;
        }
    }

    /// <summary>Frees the context; sessions taken from its connections stay valid.</summary>
    public void Dispose()
    {
        nint handle = _handle;
        _handle = 0;
        if (handle != 0)
        {
            LibSsl.SSL_CTX_free(handle);
        }
    }
}
