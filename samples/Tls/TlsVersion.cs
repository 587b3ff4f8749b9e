namespace TicketKeys.Samples.Tls;

/// <summary>A TLS protocol version, valued as on the wire (and as OpenSSL's <c>SSL_version</c> reports it).</summary>
public enum TlsVersion
{
    /// <summary>TLS 1.2: tickets travel in the handshake; a resumption under the current key keeps its ticket.</summary>
    Tls12 = 0x0303,

    /// <summary>TLS 1.3: tickets arrive after the handshake, as NewSessionTicket messages.</summary>
    Tls13 = 0x0304,
}
