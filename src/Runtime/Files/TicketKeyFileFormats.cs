using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;

namespace TicketKeys;

/// <summary>
/// Every key file layout TicketKeys reads and writes, each with the server source it follows, and the one place that
/// tells which layout a file is in: nginx by size (48 or 80 bytes), HAProxy by content (base64 lines). Apache and
/// OpenSSL layouts share their sizes with nginx's and are never guessed: they are read only when named.
/// </summary>
internal static class TicketKeyFileFormats
{
    /// <summary>The largest key file read: far above HAProxy's 3 lines of 109 bytes, far below anything that is not a key file.</summary>
    public const int MaxFileLength = 4096;

    /// <summary>nginx <c>src/event/ngx_event_openssl.c</c>, <c>ngx_ssl_session_ticket_keys</c>: name | AES-128 key | HMAC key (16).</summary>
    public static readonly FixedLayoutKeyFileFormat Nginx48 = new(TicketKeyFileFormat.Nginx48, "nginx48", TicketCipher.Aes128Cbc, hmacLength: 16, aesFirst: true);

    /// <summary>nginx <c>src/event/ngx_event_openssl.c</c>, <c>ngx_ssl_session_ticket_keys</c>: name | HMAC key (32) | AES-256 key.</summary>
    public static readonly FixedLayoutKeyFileFormat Nginx80 = new(TicketKeyFileFormat.Nginx80, "nginx80", TicketCipher.Aes256Cbc, hmacLength: 32, aesFirst: false);

    /// <summary>httpd <c>modules/ssl/ssl_engine_init.c</c>, <c>ssl_init_ticket_key</c>: name | HMAC key (16) | AES-128 key.</summary>
    public static readonly FixedLayoutKeyFileFormat Apache = new(TicketKeyFileFormat.Apache, "apache", TicketCipher.Aes128Cbc, hmacLength: 16, aesFirst: false);

    /// <summary>
    /// OpenSSL <c>ssl/s3_lib.c</c>, <c>ssl3_ctx_ctrl</c>, <c>SSL_CTRL_SET_TLSEXT_TICKET_KEYS</c>: <c>tick_key_name</c> (16) |
    /// <c>tick_hmac_key</c> (32) | <c>tick_aes_key</c> (32), exactly 80 bytes (libssl 3.0 here refuses 48).
    /// </summary>
    public static readonly FixedLayoutKeyFileFormat OpenSsl = new(TicketKeyFileFormat.OpenSsl, "openssl", TicketCipher.Aes256Cbc, hmacLength: 32, aesFirst: false);

    /// <summary>HAProxy <c>tls-ticket-keys</c> (see <see cref="HAProxyKeyFileFormat"/>).</summary>
    public static readonly HAProxyKeyFileFormat HAProxy = new();

    /// <summary>Every format, in <see cref="TicketKeyFileFormat"/> order.</summary>
    public static readonly IReadOnlyList<ITicketKeyFileFormat> All = [Nginx48, Nginx80, HAProxy, Apache, OpenSsl];

    /// <summary>What <see cref="Detect"/> recognises, for error messages.</summary>
    public const string Detectable = "48 bytes (nginx48), 80 bytes (nginx80) or base64 lines (haproxy)";

    public static ITicketKeyFileFormat Of(TicketKeyFileFormat format) =>
        All.FirstOrDefault(candidate => candidate.Format == format)
        ?? throw new ArgumentOutOfRangeException(nameof(format), format, "Not a ticket key file format.");

    /// <summary>The format of a file's contents as nginx and HAProxy would take them, or null.</summary>
    public static ITicketKeyFileFormat? Detect(ReadOnlySpan<byte> contents) => contents.Length switch
    {
        48 => Nginx48,
        80 => Nginx80,
        _ when HAProxyKeyFileFormat.LooksLikeText(contents) => HAProxy,
        _ => null,
    };

    /// <summary>Whether <paramref name="contents"/> is exactly the file <paramref name="format"/> makes of <paramref name="key"/> alone.</summary>
    public static bool HasContents(ITicketKeyFileFormat format, TicketKey key, ReadOnlySpan<byte> contents)
    {
        if (key.IsDisposed || format.WhyCannotHold([key]) is not null)
        {
            return false;
        }

        byte[] expected;
        try
        {
            expected = format.Serialize([key]);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        try
        {
            return CryptographicOperations.FixedTimeEquals(expected, contents);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expected);
        }
    }
}
