using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace TicketKeys.Samples.Tls;

/// <summary>
/// OpenSSL's error queue is per thread: whatever a call leaves there would be blamed on the next call on this thread,
/// so every operation starts from an empty queue and empties it again when done.
/// </summary>
internal static unsafe class OpenSslErrorQueue
{
    /// <summary>Empties this thread's queue.</summary>
    internal static void Clear() => LibCrypto.ERR_clear_error();

    /// <summary>Empties this thread's queue and returns its entries (oldest first), or null when it was empty.</summary>
    internal static string? Drain()
    {
        var errors = new List<string>();
        byte* buffer = stackalloc byte[256];
        for (CULong error = LibCrypto.ERR_get_error(); error.Value != 0; error = LibCrypto.ERR_get_error())
        {
            // ERR_error_string_n always terminates the text within the buffer.
            LibCrypto.ERR_error_string_n(error, buffer, 256);
            errors.Add(Marshal.PtrToStringUTF8((nint)buffer) ?? string.Empty);
        }

        return errors.Count == 0 ? null : string.Join("; ", errors);
    }

    /// <summary>Describes a failed call: the queue's entries, or the <c>SSL_get_error</c> code when the queue is empty.</summary>
    internal static string Describe(string operation, int sslError)
    {
        string? queued = Drain();
        return queued is null
            ? $"{operation} failed: {SslErrorName(sslError)}"
            : $"{operation} failed: {queued}";
    }

    private static string SslErrorName(int sslError) => sslError switch
    {
        LibSsl.ErrorSsl => "SSL_ERROR_SSL",
        LibSsl.ErrorWantRead => "SSL_ERROR_WANT_READ (peer sent nothing more)",
        LibSsl.ErrorWantWrite => "SSL_ERROR_WANT_WRITE",
        LibSsl.ErrorSyscall => "SSL_ERROR_SYSCALL (connection closed or timed out)",
        LibSsl.ErrorZeroReturn => "SSL_ERROR_ZERO_RETURN (peer closed the connection)",
        _ => $"SSL_get_error {sslError}",
    };
}
