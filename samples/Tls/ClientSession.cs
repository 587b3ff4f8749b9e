using System;
using System.IO;

namespace TicketKeys.Samples.Tls;

/// <summary>
/// A client's TLS session (<c>SSL_SESSION*</c>) and the ticket it carries, to resume with or to tamper with.
/// </summary>
/// <remarks>
/// A ticket made by OpenSSL's ticket callbacks is laid out as: key name (<see cref="KeyNameLength"/> bytes),
/// IV (<see cref="IvLength"/>), encrypted session state, HMAC-SHA256 (<see cref="HmacLength"/>).
/// </remarks>
public sealed unsafe class ClientSession : IDisposable
{
    /// <summary>Bytes of key name at the start of every ticket.</summary>
    public const int KeyNameLength = 16;

    /// <summary>Bytes of AES-CBC IV after the key name.</summary>
    public const int IvLength = 16;

    /// <summary>Bytes of HMAC at the end of every ticket.</summary>
    public const int HmacLength = 32;

    private nint _handle;

    /// <summary>Takes ownership of one reference to <paramref name="handle"/>.</summary>
    internal ClientSession(nint handle) => _handle = handle;

    /// <summary>The <c>SSL_SESSION*</c>.</summary>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle == 0, this);
            return _handle;
        }
    }

    /// <summary>Whether the server issued a ticket for this session.</summary>
    public bool HasTicket => TicketSpan.Length > 0;

    /// <summary>A copy of the ticket as the client will present it (empty when there is none).</summary>
    public byte[] Ticket => TicketSpan.ToArray();

    /// <summary>The ticket's first 16 bytes: the name of the key that issued it.</summary>
    /// <exception cref="InvalidOperationException">The session holds no ticket, or one too short to carry a key name.</exception>
    public byte[] TicketKeyName
    {
        get
        {
            ReadOnlySpan<byte> ticket = TicketSpan;
            return ticket.Length >= KeyNameLength
                ? ticket[..KeyNameLength].ToArray()
                : throw new InvalidOperationException($"The session holds {(ticket.Length == 0 ? "no ticket" : $"a {ticket.Length}-byte ticket, too short for a key name")}.");
        }
    }

    /// <summary>Whether this session carries the same ticket as <paramref name="other"/>; compares in place, without copies.</summary>
    public bool HasSameTicketAs(ClientSession other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return TicketSpan.SequenceEqual(other.TicketSpan);
    }

    /// <summary>The issuing key's name as upper-case hex, as <c>TicketKey.NameHex</c> shows it.</summary>
    public string TicketKeyNameHex => Convert.ToHexString(TicketKeyName);

    private Span<byte> TicketSpan
    {
        get
        {
            LibSsl.SSL_SESSION_get0_ticket(Handle, out byte* ticket, out nuint length);
            return ticket == null ? [] : new Span<byte>(ticket, checked((int)length));
        }
    }

    /// <summary>Reads a session that <c>openssl s_client -sess_out</c> wrote (PEM).</summary>
    /// <exception cref="InvalidDataException">The file holds no PEM SSL session.</exception>
    public static ClientSession ReadPem(string path)
    {
        byte[] pem = File.ReadAllBytes(path);
        OpenSslErrorQueue.Clear();
        nint session;
        fixed (byte* bytes = pem)
        {
            nint bio = LibCrypto.BIO_new_mem_buf(bytes, pem.Length);
            if (bio == 0)
            {
                throw TlsSetupException.FromErrorQueue("BIO_new_mem_buf");
            }

            session = LibSsl.PEM_read_bio_SSL_SESSION(bio, 0, 0, 0);
            LibCrypto.BIO_free(bio);
        }

        if (session == 0)
        {
            string reason = OpenSslErrorQueue.Drain() ?? "no reason given";
            throw new InvalidDataException($"{path}: no PEM SSL session found in {pem.Length} bytes ({reason}).");
        }

        return new ClientSession(session);
    }

    /// <summary>The session in OpenSSL's DER encoding (<c>i2d_SSL_SESSION</c>), to rewrite and read back with <see cref="FromDer"/>.</summary>
    public byte[] ToDer()
    {
        int length = LibSsl.i2d_SSL_SESSION(Handle, null);
        var der = new byte[length];
        fixed (byte* start = der)
        {
            byte* cursor = start;
            if (length <= 0 || LibSsl.i2d_SSL_SESSION(Handle, &cursor) != length)
            {
                throw TlsSetupException.FromErrorQueue("i2d_SSL_SESSION");
            }
        }

        return der;
    }

    /// <summary>A session from its DER encoding (<c>d2i_SSL_SESSION</c>), for example one whose ticket was rewritten.</summary>
    /// <exception cref="InvalidDataException">OpenSSL does not accept the encoding.</exception>
    public static ClientSession FromDer(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        OpenSslErrorQueue.Clear();
        fixed (byte* start = der)
        {
            byte* cursor = start;
            nint session = LibSsl.d2i_SSL_SESSION(0, &cursor, new System.Runtime.InteropServices.CLong(der.Length));
            return session != 0
                ? new ClientSession(session)
                : throw new InvalidDataException($"No SSL session in {der.Length} DER bytes ({OpenSslErrorQueue.Drain() ?? "no reason given"}).");
        }
    }

    /// <summary>
    /// Flips every bit of one ticket byte in place, so that the next resumption presents a damaged ticket.
    /// Offsets count from the ticket's start: below <see cref="KeyNameLength"/> the key name changes (the server no
    /// longer knows the key), then come the IV, the encrypted state and, in the last <see cref="HmacLength"/> bytes,
    /// the HMAC (the server must reject all of these).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is not inside the ticket.</exception>
    public void FlipTicketByte(int offset)
    {
        Span<byte> ticket = TicketSpan;
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(offset, ticket.Length);
        ticket[offset] ^= 0xFF;
    }

    /// <summary>Releases this reference to the session.</summary>
    public void Dispose()
    {
        nint handle = _handle;
        _handle = 0;
        if (handle != 0)
        {
            LibSsl.SSL_SESSION_free(handle);
        }
    }

    /// <summary>The ticket's key name and length; never ticket contents beyond the name.</summary>
    public override string ToString() =>
        _handle == 0 ? "ClientSession (disposed)"
        : HasTicket && TicketSpan.Length >= KeyNameLength ? $"ClientSession (ticket of {TicketSpan.Length} bytes under key {TicketKeyNameHex})"
        : "ClientSession (no ticket)";
}
