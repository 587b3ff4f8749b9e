namespace TicketKeys;

/// <summary>
/// The key file layouts of the servers TicketKeys shares keys with. The same bytes mean different keys in different
/// layouts (a 48-byte nginx file and a 48-byte Apache file hold the AES and HMAC keys in opposite order), so a file is
/// always read in the layout of the server that wrote it.
/// </summary>
public enum TicketKeyFileFormat
{
    /// <summary>
    /// nginx <c>ssl_session_ticket_key</c>, 48 bytes: name [0, 16), AES-128-CBC key [16, 32), HMAC-SHA256 key [32, 48)
    /// (nginx <c>src/event/ngx_event_openssl.c</c>, <c>ngx_ssl_session_ticket_keys</c>).
    /// </summary>
    Nginx48 = 0,

    /// <summary>
    /// nginx <c>ssl_session_ticket_key</c>, 80 bytes: name [0, 16), HMAC-SHA256 key [16, 48), AES-256-CBC key [48, 80)
    /// (nginx <c>src/event/ngx_event_openssl.c</c>, <c>ngx_ssl_session_ticket_keys</c>).
    /// </summary>
    Nginx80 = 1,

    /// <summary>
    /// HAProxy <c>tls-ticket-keys</c>: one base64 line per key, each name | AES key | HMAC key, 48 bytes (AES-128-CBC,
    /// 16-byte HMAC key) or 80 bytes (AES-256-CBC, 32-byte HMAC key), all of one size, at least 3 lines; HAProxy uses the
    /// last 3 and encrypts with the penultimate one (HAProxy <c>src/cfgparse-ssl.c</c>,
    /// <c>bind_parse_tls_ticket_keys</c>; <c>include/haproxy/ssl_sock-t.h</c>, <c>struct tls_sess_key_128/256</c>;
    /// <c>src/ssl_sock.c</c>, <c>ssl_tlsext_ticket_key_cb</c>).
    /// </summary>
    HAProxy = 2,

    /// <summary>
    /// Apache httpd <c>SSLSessionTicketKeyFile</c>, 48 bytes: name [0, 16), HMAC-SHA256 key [16, 32), AES-128-CBC key
    /// [32, 48) (httpd <c>modules/ssl/ssl_engine_init.c</c>, <c>ssl_init_ticket_key</c>; AES-128-CBC in
    /// <c>modules/ssl/ssl_engine_kernel.c</c>, <c>ssl_callback_SessionTicket</c>).
    /// </summary>
    Apache = 3,

    /// <summary>
    /// The buffer of OpenSSL's <c>SSL_CTX_set_tlsext_ticket_keys</c>, 80 bytes: name [0, 16), HMAC-SHA256 key [16, 48),
    /// AES-256-CBC key [48, 80); OpenSSL 3 refuses any other length (OpenSSL <c>ssl/s3_lib.c</c>, <c>ssl3_ctx_ctrl</c>,
    /// <c>SSL_CTRL_SET_TLSEXT_TICKET_KEYS</c>). The same bytes as <see cref="Nginx80"/>.
    /// </summary>
    OpenSsl = 4,
}
