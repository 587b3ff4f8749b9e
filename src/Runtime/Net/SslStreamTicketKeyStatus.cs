namespace TicketKeys;

/// <summary>What <see cref="SslStreamTicketKeys.Attach"/> did for one connection.</summary>
public enum SslStreamTicketKeyStatus
{
    /// <summary>This connection's <c>SSL_CTX</c> was new: the provider and the session id context were attached to it now.</summary>
    Attached = 0,

    /// <summary>The provider was already attached to this connection's <c>SSL_CTX</c> (the steady state: a pointer compare).</summary>
    AlreadyAttached = 1,

    /// <summary>
    /// The bridge cannot work in this process (see <see cref="SslStreamTicketKeys.UnsupportedReason"/>): nothing was
    /// changed and TLS runs as without TicketKeys.
    /// </summary>
    Unsupported = 2,

    /// <summary>The stream is not an authenticated server stream: nothing to attach to.</summary>
    NotAuthenticatedServer = 3,

    /// <summary>
    /// Attaching to this connection's <c>SSL_CTX</c> failed (reported through
    /// <see cref="TicketKeysDiagnostics.SslStreamAttachFailed"/>): that context keeps .NET's own ticket keys, and later
    /// connections on it are not retried.
    /// </summary>
    Failed = 4,

    /// <summary>The <see cref="SslStreamTicketKeys"/> was disposed.</summary>
    Disposed = 5,
}
