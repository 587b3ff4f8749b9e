using System;
using System.Collections.Generic;

namespace TicketKeys.Samples.Tls;

/// <summary>
/// The steps a connection goes through, each one call that either finishes, waits for the peer (memory BIOs, or a
/// socket timeout) or fails. Failures carry OpenSSL's error text and leave this thread's error queue empty.
/// </summary>
internal static unsafe class SslOperations
{
    internal static SslStep Handshake(nint ssl, string side)
    {
        int result = LibSsl.SSL_do_handshake(ssl);
        return result == 1 ? SslStep.Finished : Classify(ssl, result, $"{side} handshake");
    }

    internal static SslStep Write(nint ssl, ReadOnlySpan<byte> data, string side)
    {
        fixed (byte* bytes = data)
        {
            int result = LibSsl.SSL_write(ssl, bytes, data.Length);
            return result > 0 ? SslStep.Finished : Classify(ssl, result, $"{side} write");
        }
    }

    /// <summary>Reads into <paramref name="received"/> until it holds a line feed.</summary>
    internal static SslStep ReadLine(nint ssl, List<byte> received, string side)
    {
        Span<byte> buffer = stackalloc byte[512];
        fixed (byte* bytes = buffer)
        {
            int result = LibSsl.SSL_read(ssl, bytes, buffer.Length);
            if (result <= 0)
            {
                return Classify(ssl, result, $"{side} read");
            }

            received.AddRange(buffer[..result]);
            return received.Contains((byte)'\n') ? SslStep.Finished : SslStep.Waiting;
        }
    }

    /// <summary>Reads and drops data until the peer's close_notify; a failure names what ended the connection instead.</summary>
    internal static SslStep ReadUntilClose(nint ssl, string side)
    {
        Span<byte> buffer = stackalloc byte[512];
        fixed (byte* bytes = buffer)
        {
            int result = LibSsl.SSL_read(ssl, bytes, buffer.Length);
            if (result > 0)
            {
                return SslStep.Waiting;
            }

            return LibSsl.SSL_get_error(ssl, result) == LibSsl.ErrorZeroReturn
                ? SslStep.Finished
                : Classify(ssl, result, $"{side} read");
        }
    }

    /// <summary>
    /// Sends close_notify, then finishes once the peer's has arrived too. Without it OpenSSL's <c>SSL_free</c> marks
    /// the session as not resumable.
    /// </summary>
    internal static SslStep Shutdown(nint ssl, string side)
    {
        int result = LibSsl.SSL_shutdown(ssl);
        return result switch
        {
            1 => SslStep.Finished,
            0 => SslStep.Waiting,
            _ => Classify(ssl, result, $"{side} shutdown"),
        };
    }

    private static SslStep Classify(nint ssl, int result, string operation)
    {
        int error = LibSsl.SSL_get_error(ssl, result);
        return error is LibSsl.ErrorWantRead or LibSsl.ErrorWantWrite
            ? SslStep.Waiting
            : SslStep.Failure(OpenSslErrorQueue.Describe(operation, error));
    }
}
