namespace TicketKeys.Analyzers.Callbacks;

/// <summary>Native entry points of OpenSSL (and libc) that the ticket rules look for.</summary>
internal static class OpenSslNames
{
    public const string SetTicketKeyCallback = "SSL_CTX_set_tlsext_ticket_key_cb";
    public const string SetTicketKeyEvpCallback = "SSL_CTX_set_tlsext_ticket_key_evp_cb";
    public const string CallbackControl = "SSL_CTX_callback_ctrl";

    /// <summary>SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB, the control number behind the legacy macro.</summary>
    public const int SetTicketKeyCallbackControl = 72;

    public const string RandBytes = "RAND_bytes";
    public const string RandPrivBytes = "RAND_priv_bytes";
    public const string RandBytesEx = "RAND_bytes_ex";
    public const string RandPrivBytesEx = "RAND_priv_bytes_ex";

    public const string EncryptInit = "EVP_EncryptInit_ex";
    public const string EncryptInit2 = "EVP_EncryptInit_ex2";
    public const string DecryptInit = "EVP_DecryptInit_ex";
    public const string DecryptInit2 = "EVP_DecryptInit_ex2";
    public const string CipherInit = "EVP_CipherInit_ex";
    public const string CipherInit2 = "EVP_CipherInit_ex2";

    public const string HmacInit = "HMAC_Init_ex";
    public const string MacInit = "EVP_MAC_init";

    public static bool IsRand(string entryPoint) =>
        entryPoint is RandBytes or RandPrivBytes or RandBytesEx or RandPrivBytesEx;

    public static bool IsCipherInit(string entryPoint) =>
        entryPoint is EncryptInit or EncryptInit2 or DecryptInit or DecryptInit2 or CipherInit or CipherInit2;

    /// <summary>
    /// The IV length in bytes of an EVP cipher getter: 12 for the AEAD modes (GCM, CCM, OCB), 0 for ECB, 16 for the other
    /// AES modes and ChaCha20; null for any other getter.
    /// </summary>
    public static int? IvLengthOf(string cipherGetter) => cipherGetter switch
    {
        _ when !cipherGetter.StartsWith("EVP_aes_", System.StringComparison.Ordinal) && !cipherGetter.StartsWith("EVP_chacha20", System.StringComparison.Ordinal) => null,
        _ when cipherGetter.EndsWith("_gcm", System.StringComparison.Ordinal) || cipherGetter.EndsWith("_ccm", System.StringComparison.Ordinal)
            || cipherGetter.EndsWith("_ocb", System.StringComparison.Ordinal) || cipherGetter == "EVP_chacha20_poly1305" => 12,
        _ when cipherGetter.EndsWith("_ecb", System.StringComparison.Ordinal) => 0,
        _ => 16,
    };

    /// <summary>The AES key length in bytes of an EVP cipher getter such as EVP_aes_256_cbc, or 0 when not an AES getter.</summary>
    public static int AesKeyLengthOf(string cipherGetter) => cipherGetter switch
    {
        "EVP_aes_128_cbc" or "EVP_aes_128_ctr" or "EVP_aes_128_gcm" or "EVP_aes_128_ecb" or "EVP_aes_128_cfb128" or "EVP_aes_128_ofb" => 16,
        "EVP_aes_192_cbc" or "EVP_aes_192_ctr" or "EVP_aes_192_gcm" => 24,
        "EVP_aes_256_cbc" or "EVP_aes_256_ctr" or "EVP_aes_256_gcm" or "EVP_aes_256_ecb" or "EVP_aes_256_cfb128" or "EVP_aes_256_ofb" => 32,
        _ => 0,
    };
}
