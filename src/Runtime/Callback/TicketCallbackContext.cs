using System;
using System.Runtime.InteropServices;
using System.Text;
using TicketKeys.Callback;
using TicketKeys.Interop;

namespace TicketKeys;

/// <summary>
/// The connection a ticket callback serves, for key methods that take it
/// (<c>TicketKey? M(in TicketCallbackContext context)</c>, <c>TicketKeyLookup M(ReadOnlySpan&lt;byte&gt; keyName, in TicketCallbackContext context)</c>).
/// Valid only during the call: it is a <see langword="ref"/> struct so that it cannot be kept.
/// </summary>
public readonly unsafe ref struct TicketCallbackContext
{
    internal TicketCallbackContext(nint ssl) => Ssl = ssl;

    /// <summary>The connection's <c>SSL*</c>, for OpenSSL calls of your own.</summary>
    public nint Ssl { get; }

    /// <summary>The negotiated protocol version as OpenSSL numbers it: 0x0303 for TLS 1.2, 0x0304 for TLS 1.3.</summary>
    public int ProtocolVersion => LibSsl.Version(Ssl);

    /// <summary>Whether the connection is TLS 1.3.</summary>
    public bool IsTls13 => ProtocolVersion == LibSsl.Tls13Version;

    /// <summary>
    /// The host name the client sent (SNI) as UTF-8 bytes, exactly as sent; empty when it sent none. No allocation.
    /// </summary>
    /// <remarks>
    /// OpenSSL decrypts a TLS 1.2 ticket before it has parsed the server-name extension, and on a TLS 1.2 resumption
    /// it answers from the resumed session, which has no name; so the name is read from the ClientHello while there is
    /// one, and kept for the rest of the handshake: both directions of a connection see the same name.
    /// </remarks>
    public ReadOnlySpan<byte> ServerNameUtf8
    {
        get
        {
            byte* parsed = LibSsl.GetServerName(Ssl, LibSsl.NameTypeHostName);
            if (parsed is not null)
            {
                return MemoryMarshal.CreateReadOnlySpanFromNullTerminated(parsed);
            }

            ReadOnlySpan<byte> recorded = ServerNameRecord.Read(Ssl);
            if (!recorded.IsEmpty)
            {
                return recorded;
            }

            ReadOnlySpan<byte> fromClientHello = ServerNameFromClientHello();
            ServerNameRecord.Record(Ssl, fromClientHello);
            return fromClientHello;
        }
    }

    /// <summary>The host name the client sent (SNI), or null when it sent none. Allocates a string.</summary>
    public string? ServerName
    {
        get
        {
            ReadOnlySpan<byte> name = ServerNameUtf8;
            return name.IsEmpty ? null : Encoding.UTF8.GetString(name);
        }
    }

    /// <summary>The <c>server_name</c> extension (RFC 6066 section 3) of the ClientHello being processed, if any.</summary>
    private ReadOnlySpan<byte> ServerNameFromClientHello()
    {
        byte* data;
        nuint length;
        if (LibSsl.ClientHelloGetExtension(Ssl, LibSsl.ServerNameExtension, &data, &length) != 1 || data is null)
        {
            return default;
        }

        // ServerNameList: length (2) | name_type (1) = host_name (0) | HostName length (2) | HostName.
        var extension = new ReadOnlySpan<byte>(data, checked((int)length));
        if (extension.Length < 5 || extension[2] != LibSsl.NameTypeHostName)
        {
            return default;
        }

        int nameLength = (extension[3] << 8) | extension[4];
        return nameLength <= extension.Length - 5 ? extension.Slice(5, nameLength) : default;
    }
}
