using System;
using System.Collections.Generic;

namespace TicketKeys;

/// <summary>
/// libssl/libcrypto could not be loaded, or lack a function session tickets need (OpenSSL built with
/// <c>OPENSSL_NO_TLSEXT</c>, or too old). The message lists every library tried and every symbol missing.
/// </summary>
public sealed class OpenSslUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OpenSslUnavailableException()
        : this("OpenSSL is not available.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OpenSslUnavailableException(string message)
        : base(message)
    {
        Tried = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public OpenSslUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Tried = [];
    }

    internal OpenSslUnavailableException(string message, IReadOnlyList<string> tried)
        : base(message)
    {
        Tried = tried;
    }

    /// <summary>Each library tried (and why it failed) or symbol missing, in order.</summary>
    public IReadOnlyList<string> Tried { get; }
}
