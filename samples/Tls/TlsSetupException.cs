using System;

namespace TicketKeys.Samples.Tls;

/// <summary>Setting up an OpenSSL object failed; the message names the step and carries OpenSSL's error text.</summary>
public sealed class TlsSetupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TlsSetupException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TlsSetupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TlsSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Throws with the step's name and OpenSSL's queued errors (which it empties).</summary>
    internal static TlsSetupException FromErrorQueue(string step) =>
        new($"{step} failed: {OpenSslErrorQueue.Drain() ?? "OpenSSL gave no reason"}");
}
