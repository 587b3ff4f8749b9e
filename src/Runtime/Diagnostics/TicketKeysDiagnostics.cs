using System;

namespace TicketKeys;

/// <summary>Reports exceptions that a provider threw inside the ticket callback (they are contained, never rethrown).</summary>
public static class TicketKeysDiagnostics
{
    /// <summary>
    /// Raised on the handshake's thread for every exception a provider method threw in the callback. Keep handlers
    /// quick; an exception from a handler is swallowed.
    /// </summary>
    public static event Action<Exception>? CallbackException;

    internal static void ReportCallbackException(Exception exception)
    {
        try
        {
            CallbackException?.Invoke(exception);
        }
#pragma warning disable CA1031 // A handler's failure must not reach OpenSSL either.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
