using System;

namespace TicketKeys;

/// <summary>Settings of <see cref="SslStreamTicketKeys"/>.</summary>
public sealed class SslStreamTicketKeysOptions
{
    /// <summary>
    /// An operator-chosen string mixed into the session id context, for endpoints whose certificate and client-certificate
    /// requirement are equal but whose sessions must not resume on each other (for example two applications with one
    /// wildcard certificate). Every process of one endpoint must use the same value. Null (the default) adds nothing.
    /// </summary>
    /// <remarks>
    /// The bridge sets the session id context of every <c>SSL_CTX</c> it attaches to: SHA-256 over the server
    /// certificate's public key, the client-certificate verify mode and this string. Without one shared value a session
    /// from one process never resumes on another, even with the same ticket keys.
    /// </remarks>
    public string? SessionIdContext { get; set; }

    /// <summary>Which OpenSSL ticket callback to register (used by the <see cref="TicketKeyRing"/> constructor).</summary>
    public TicketCallbackApi CallbackApi { get; set; } = TicketCallbackApi.Automatic;

    /// <summary>The clock for session-age limits (used by the <see cref="TicketKeyRing"/> constructor); null for the system clock.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
