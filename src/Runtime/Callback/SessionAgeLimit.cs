using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TicketKeys.Interop;

namespace TicketKeys.Callback;

/// <summary>
/// Caps how long a session lives across renewals. A renewed ticket is a fresh ticket for the same session, so without a
/// cap a client resumes one session (and a client certificate's identity) forever. The instant of the session's full
/// handshake travels inside every ticket as OpenSSL ticket app data (<c>SSL_SESSION_set1_ticket_appdata</c>), sealed and
/// authenticated with the ticket, and survives renewals; a ticket presented after the cap gets a full handshake.
/// </summary>
/// <remarks>
/// OpenSSL calls the session ticket callbacks of the context the connection was created on, as it does the key
/// callback. A ticket without the stamp (issued before the cap existed, or by a server that does not set it) is
/// resumed once and renewed, and its replacement carries the stamp of that moment.
/// </remarks>
internal sealed unsafe class SessionAgeLimit(TimeSpan maxAge, TimeProvider time)
{
    /// <summary>The stamp's format: one version byte, then the full handshake's Unix time in seconds, big-endian.</summary>
    private const byte StampVersion = 1;
    private const int StampLength = 9;

    // SSL_TICKET_STATUS and SSL_TICKET_RETURN (ssl.h).
    private const int TicketFatalErrorMalloc = 0;
    private const int TicketFatalErrorOther = 1;
    private const int TicketSuccess = 5;
    private const int TicketSuccessRenew = 6;
    private const int ReturnAbort = 0;
    private const int ReturnIgnoreRenew = 2;
    private const int ReturnUse = 3;
    private const int ReturnUseRenew = 4;

    public TimeSpan MaxAge { get; } = maxAge;

    /// <summary>Registers the stamping and checking callbacks on a context whose slot is <paramref name="slotHandle"/>.</summary>
    public static bool Register(nint sslContext, nint slotHandle) =>
        LibSsl.SetSessionTicketCallbacks(
            sslContext,
            (delegate* unmanaged[Cdecl]<nint, nint, int>)&OnGenerate,
            (delegate* unmanaged[Cdecl]<nint, nint, byte*, nuint, int, nint, int>)&OnDecrypt,
            slotHandle) == 1;

    /// <summary>Whether a session whose full handshake happened at <paramref name="firstIssued"/> may still resume.</summary>
    public bool Allows(DateTimeOffset firstIssued) => time.GetUtcNow() - firstIssued <= MaxAge;

    /// <summary>Before a ticket is sealed: stamp a session that has no stamp yet (a full handshake) with now.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnGenerate(nint ssl, nint slotHandle)
    {
        try
        {
            if (LimitOf(slotHandle) is not { } limit)
            {
                return 1;
            }

            nint session = LibSsl.GetSession(ssl);
            if (session == 0 || ReadStamp(session) is not null)
            {
                return 1;
            }

            byte* stamp = stackalloc byte[StampLength];
            stamp[0] = StampVersion;
            BinaryPrimitives.WriteInt64BigEndian(new Span<byte>(stamp + 1, 8), limit.Now().ToUnixTimeSeconds());
            if (LibSsl.SessionSetTicketAppData(session, stamp, StampLength) != 1)
            {
                LibCrypto.ClearError();
            }

            // Never fail the handshake over the stamp: 0 here would abort it.
            return 1;
        }
        catch (Exception exception)
        {
            TicketKeysDiagnostics.ReportCallbackException(exception);
            return 1;
        }
    }

    /// <summary>After the key callback and OpenSSL's HMAC check: refuse a session older than the cap.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnDecrypt(nint ssl, nint session, byte* keyName, nuint keyNameLength, int status, nint slotHandle)
    {
        try
        {
            switch (status)
            {
                case TicketFatalErrorMalloc or TicketFatalErrorOther:
                    return ReturnAbort;
                case TicketSuccess or TicketSuccessRenew:
                    break;
                default:
                    return ReturnIgnoreRenew;
            }

            SessionAgeLimit? limit = LimitOf(slotHandle);
            if (limit is null || session == 0)
            {
                return status == TicketSuccess ? ReturnUse : ReturnUseRenew;
            }

            if (ReadStamp(session) is not { } firstIssued)
            {
                // Unstamped: resume, and let the replacement ticket carry a stamp from now on.
                return ReturnUseRenew;
            }

            if (!limit.Allows(firstIssued))
            {
                TicketKeysMetrics.TicketRejected("session_too_old");
                return ReturnIgnoreRenew;
            }

            return status == TicketSuccess ? ReturnUse : ReturnUseRenew;
        }
        catch (Exception exception)
        {
            TicketKeysDiagnostics.ReportCallbackException(exception);
            return ReturnIgnoreRenew;
        }
    }

    private static SessionAgeLimit? LimitOf(nint slotHandle) =>
        slotHandle == 0 ? null : ((TicketProviderSlot?)GCHandle.FromIntPtr(slotHandle).Target)?.SessionAgeLimit;

    private static DateTimeOffset? ReadStamp(nint session)
    {
        void* data;
        nuint length;
        if (LibSsl.SessionGetTicketAppData(session, &data, &length) != 1 || data is null || length != StampLength)
        {
            return null;
        }

        var stamp = new ReadOnlySpan<byte>(data, StampLength);
        return stamp[0] == StampVersion
            ? DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(stamp[1..]))
            : null;
    }

    private DateTimeOffset Now() => time.GetUtcNow();
}
