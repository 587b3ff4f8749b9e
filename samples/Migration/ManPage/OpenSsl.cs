using System.Runtime.InteropServices;

namespace Migration.ManPage;

/// <summary>The OpenSSL functions the man page's callback calls, bound as a hand-written callback binds them.</summary>
internal static unsafe partial class OpenSsl
{
    /// <summary><c>SSL_CTX_set_tlsext_ticket_key_cb</c> is a macro over <c>SSL_CTX_callback_ctrl</c> with this command.</summary>
    public const int SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB = 72;

    [LibraryImport("libssl.so.3")]
    public static partial nint SSL_CTX_callback_ctrl(nint ctx, int cmd, delegate* unmanaged<nint, byte*, byte*, nint, nint, int, int> callback);

    [LibraryImport("libcrypto.so.3")]
    public static partial int RAND_bytes(byte* buffer, int length);

    [LibraryImport("libcrypto.so.3")]
    public static partial nint EVP_aes_128_cbc();

    [LibraryImport("libcrypto.so.3")]
    public static partial nint EVP_sha256();

    [LibraryImport("libcrypto.so.3")]
    public static partial int EVP_EncryptInit_ex(nint ctx, nint cipher, nint engine, byte* key, byte* iv);

    [LibraryImport("libcrypto.so.3")]
    public static partial int EVP_DecryptInit_ex(nint ctx, nint cipher, nint engine, byte* key, byte* iv);

    [LibraryImport("libcrypto.so.3")]
    public static partial int HMAC_Init_ex(nint ctx, byte* key, int length, nint md, nint engine);
}
