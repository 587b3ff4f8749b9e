namespace TicketKeys;

/// <summary>Which OpenSSL registration function a provider's callback goes through.</summary>
public enum TicketCallbackApi
{
    /// <summary><see cref="Evp"/> when libssl exports it (OpenSSL 3), else <see cref="Legacy"/>.</summary>
    Automatic = 0,

    /// <summary>OpenSSL 3's <c>SSL_CTX_set_tlsext_ticket_key_evp_cb</c>: the MAC is an <c>EVP_MAC_CTX</c>.</summary>
    Evp = 1,

    /// <summary><c>SSL_CTX_set_tlsext_ticket_key_cb</c> (a macro over <c>SSL_CTX_callback_ctrl</c>): the MAC is an <c>HMAC_CTX</c>.</summary>
    Legacy = 2,
}
