using System;

namespace TicketKeys;

/// <summary>
/// Reports what TicketKeys contains rather than throws: exceptions that a provider threw inside the ticket callback, and
/// why the <see cref="SslStreamTicketKeys"/> bridge is inert or could not attach.
/// </summary>
public static class TicketKeysDiagnostics
{
    /// <summary>
    /// Raised on the handshake's thread for every exception a provider method threw in the callback. Keep handlers
    /// quick; an exception from a handler is swallowed.
    /// </summary>
    public static event Action<Exception>? CallbackException;

    /// <summary>
    /// Raised once per process when the <see cref="SslStreamTicketKeys"/> bridge finds it cannot work here (an unknown
    /// .NET version, Windows or macOS, a second OpenSSL copy): the argument is a one-line warning that says why. TLS then
    /// runs as without TicketKeys. The same text stays readable in <see cref="SslStreamTicketKeys.UnsupportedReason"/>.
    /// </summary>
    public static event Action<string>? SslStreamBridgeUnsupported;

    /// <summary>
    /// Raised when <see cref="SslStreamTicketKeys"/> could not attach to an <c>SSL_CTX</c> (the attach delegate threw,
    /// for example because another provider is attached to it). The handshake is unaffected; that context keeps .NET's
    /// own ticket keys.
    /// </summary>
    public static event Action<Exception>? SslStreamAttachFailed;

    internal static void ReportCallbackException(Exception exception) => Raise(CallbackException, exception);

    internal static void ReportSslStreamBridgeUnsupported(string reason) => Raise(SslStreamBridgeUnsupported, reason);

    internal static void ReportSslStreamAttachFailed(Exception exception) => Raise(SslStreamAttachFailed, exception);

    private static void Raise<T>(Action<T>? handlers, T argument)
    {
        try
        {
            handlers?.Invoke(argument);
        }
#pragma warning disable CA1031 // A handler's failure must not reach OpenSSL or the handshake either.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
