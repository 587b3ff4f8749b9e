namespace TicketKeys.Analyzers.Tests.Infrastructure;

/// <summary>
/// OpenSSL bindings as a user would declare them: DllImport and LibraryImport-style names, one wrapper renamed
/// through EntryPoint, and a fake clock. Added to every test compilation as Native.cs.
/// </summary>
internal static class NativeDeclarations
{
    public const string Source = """
        using System;
        using System.Runtime.InteropServices;

        internal static unsafe class Native
        {
            public const int SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB = 72;

            [DllImport("libssl.so.3")] public static extern long SSL_CTX_set_tlsext_ticket_key_cb(nint ctx, delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint, nint, int, int> cb);
            [DllImport("libssl.so.3")] public static extern int SSL_CTX_set_tlsext_ticket_key_evp_cb(nint ctx, nint cb);
            [DllImport("libssl.so.3")] public static extern long SSL_CTX_callback_ctrl(nint ctx, int cmd, nint fp);
            [DllImport("libssl.so.3", EntryPoint = "SSL_CTX_set_tlsext_ticket_key_evp_cb")] public static extern int SetTicketCallback(nint ctx, nint cb);

            [DllImport("libcrypto.so.3")] public static extern int RAND_bytes(byte* buf, int num);
            [DllImport("libcrypto.so.3")] public static extern int RAND_priv_bytes(byte* buf, int num);
            [DllImport("libcrypto.so.3", EntryPoint = "RAND_bytes")] public static extern int FillRandom(byte* buf, int num);

            [DllImport("libcrypto.so.3")] public static extern nint EVP_aes_128_cbc();
            [DllImport("libcrypto.so.3")] public static extern nint EVP_aes_256_cbc();
            [DllImport("libcrypto.so.3")] public static extern nint EVP_sha256();
            [DllImport("libcrypto.so.3")] public static extern int EVP_EncryptInit_ex(nint ctx, nint cipher, nint engine, byte* key, byte* iv);
            [DllImport("libcrypto.so.3")] public static extern int EVP_DecryptInit_ex(nint ctx, nint cipher, nint engine, byte* key, byte* iv);
            [DllImport("libcrypto.so.3")] public static extern int EVP_CipherInit_ex(nint ctx, nint cipher, nint engine, byte* key, byte* iv, int enc);
            [DllImport("libcrypto.so.3")] public static extern int HMAC_Init_ex(nint ctx, byte* key, int len, nint md, nint engine);
        }
        """;
}
