using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TicketKeys.Interop;

namespace TicketKeys;

/// <summary>
/// What a TLS session says about itself: protocol, when it was made, how long the server accepts it, and the ticket a
/// client keeps for it; never its master key. <see cref="ReadPem"/> reads a client's saved session
/// (<c>openssl s_client -sess_out</c>); <see cref="SessionTicket.Open"/> gives the server's session sealed in a ticket.
/// </summary>
/// <remarks>
/// Both are read by OpenSSL itself (<c>d2i_SSL_SESSION</c>): that is what a server runs on a decrypted ticket, so "the
/// session parses" means here exactly what it means to the server, and one reader serves both.
/// </remarks>
public sealed class TlsSessionSummary
{
    /// <summary>The PEM label of <c>PEM_write_SSL_SESSION</c> (what <c>-sess_out</c> writes).</summary>
    public const string PemLabel = "SSL SESSION PARAMETERS";

    // A saved session is a few kilobytes (more with a client certificate chain); anything far larger is not one.
    private const int MaxPemFileLength = 1 << 20;

    private TlsSessionSummary(int protocolVersion, DateTimeOffset createdAt, TimeSpan timeout, TimeSpan ticketLifetimeHint, byte[] ticket, byte[] idContext)
    {
        IdContext = idContext;
        ProtocolVersion = protocolVersion;
        CreatedAt = createdAt;
        Timeout = timeout;
        TicketLifetimeHint = ticketLifetimeHint;
        Ticket = ticket;
    }

    /// <summary>The protocol version number, such as 0x0304 for TLS 1.3.</summary>
    public int ProtocolVersion { get; }

    /// <summary>The protocol as OpenSSL names it: <c>TLSv1.3</c>, <c>TLSv1.2</c>, ...</summary>
    public string ProtocolName => ProtocolVersion switch
    {
        0x0304 => "TLSv1.3",
        0x0303 => "TLSv1.2",
        0x0302 => "TLSv1.1",
        0x0301 => "TLSv1",
        _ => string.Create(CultureInfo.InvariantCulture, $"protocol 0x{ProtocolVersion:X4}"),
    };

    /// <summary>When the session was made (for a TLS 1.3 ticket: when the ticket was issued), to the second.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>How long after <see cref="CreatedAt"/> the session may be resumed (the server's session timeout).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The ticket lifetime the server announced with the ticket; zero when none.</summary>
    public TimeSpan TicketLifetimeHint { get; }

    /// <summary>The ticket the client presents to resume; empty when the server issued none.</summary>
    public ReadOnlyMemory<byte> Ticket { get; }

    /// <summary>
    /// The session id context of the server that made the session (<c>SSL_CTX_set_session_id_context</c>; nginx sets a
    /// digest of its certificates): OpenSSL resumes a session only on a server with the same context.
    /// </summary>
    public ReadOnlyMemory<byte> IdContext { get; }

    /// <summary>Reads a session saved as PEM by <c>openssl s_client -sess_out</c> (or <c>PEM_write_SSL_SESSION</c>).</summary>
    /// <param name="path">The PEM file.</param>
    /// <exception cref="IOException">The file is missing or cannot be read; the message names it.</exception>
    /// <exception cref="FormatException">
    /// The file is empty, holds no well-formed <c>SSL SESSION PARAMETERS</c> block, or OpenSSL cannot read the session in
    /// it; the message names the file and the problem.
    /// </exception>
    public static TlsSessionSummary ReadPem(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text = ReadText(path);
        if (text.Length == 0)
        {
            throw new FormatException($"'{path}' is empty; expected a saved TLS session, '-----BEGIN {PemLabel}-----' (openssl s_client -sess_out).");
        }

        if (!PemEncoding.TryFind(text, out PemFields fields) || text[fields.Label] is not PemLabel)
        {
            string found = PemEncoding.TryFind(text, out PemFields other) ? $" (it holds a '{text[other.Label]}' block)" : string.Empty;
            throw new FormatException($"'{path}' holds no well-formed '-----BEGIN {PemLabel}-----' block{found}; expected a session saved by openssl s_client -sess_out.");
        }

        byte[] der = new byte[fields.DecodedDataLength];
        try
        {
            // TryFind accepted the block only with valid base64 of exactly DecodedDataLength bytes.
            _ = Convert.TryFromBase64Chars(text.AsSpan()[fields.Base64Data], der, out _);
            return FromDer(der) ?? throw new FormatException(Invariant(
                $"'{path}': OpenSSL cannot read the session in its {PemLabel} block ({der.Length} bytes): {OpenSslError.Drain()}."));
        }
        finally
        {
            // The DER holds the session's master key.
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>
    /// Reads a DER-encoded session as OpenSSL's server does with a decrypted ticket: null unless OpenSSL reads it and it
    /// fills <paramref name="der"/> exactly (OpenSSL <c>ssl/t1_lib.c</c>, <c>tls_decrypt_ticket</c>).
    /// </summary>
    internal static unsafe TlsSessionSummary? FromDer(ReadOnlySpan<byte> der)
    {
        OpenSslLibrary.EnsureLoaded();
        fixed (byte* start = der)
        {
            byte* cursor = start;
            nint session = LibSsl.SessionFromDer(0, &cursor, new CLong(der.Length));
            if (session == 0)
            {
                return null;
            }

            try
            {
                if (cursor - start != der.Length)
                {
                    return null;
                }

                byte* ticket;
                nuint ticketLength;
                LibSsl.SessionGetTicket(session, &ticket, &ticketLength);
                uint idContextLength;
                byte* idContext = LibSsl.SessionGetIdContext(session, &idContextLength);
                return new TlsSessionSummary(
                    LibSsl.SessionGetProtocolVersion(session),
                    DateTimeOffset.FromUnixTimeSeconds(LibSsl.SessionGetTime(session).Value),
                    TimeSpan.FromSeconds(LibSsl.SessionGetTimeout(session).Value),
                    TimeSpan.FromSeconds(LibSsl.SessionGetTicketLifetimeHint(session).Value),
                    ticket == null ? [] : new ReadOnlySpan<byte>(ticket, checked((int)ticketLength)).ToArray(),
                    idContext == null ? [] : new ReadOnlySpan<byte>(idContext, checked((int)idContextLength)).ToArray());
            }
            finally
            {
                LibSsl.SessionFree(session);
            }
        }
    }

    /// <summary>The protocol and age; never key bytes.</summary>
    public override string ToString() => Invariant(
        $"{ProtocolName} session made {CreatedAt:O}, timeout {Timeout.TotalSeconds} s, {(Ticket.IsEmpty ? "no ticket" : $"{Ticket.Length}-byte ticket")}");

    private static string ReadText(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path))
            {
                throw new IOException($"'{path}' is a folder, not a saved session.");
            }

            if (!info.Exists)
            {
                throw new IOException($"'{path}': no such file.");
            }

            if (info.Length > MaxPemFileLength)
            {
                throw new FormatException(Invariant($"'{path}' is {info.Length} bytes; a saved session is a few kilobytes of PEM."));
            }

            return File.ReadAllText(path);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new IOException($"'{path}' cannot be read: {exception.Message}", exception);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
