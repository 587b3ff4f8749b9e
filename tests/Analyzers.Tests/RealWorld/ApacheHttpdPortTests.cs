using System.Threading.Tasks;
using TicketKeys.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TicketKeys.Analyzers.Tests.RealWorld;

/// <summary>
/// Apache httpd's <c>ssl_callback_SessionTicket</c> (apache/httpd modules/ssl/ssl_engine_kernel.c at
/// 0cb680442ecaa6118cc610b5ecc6e824330bf61a, OpenSSL 3 branch, registered with SSL_CTX_set_tlsext_ticket_key_evp_cb in
/// ssl_engine_init.c), ported with the same control flow: one key per virtual host, loaded from SSLSessionTicketKeyFile
/// when the configuration is read (16-byte name, 16-byte HMAC secret, 16-byte AES key), AES-128-CBC, the MAC parameters
/// prepared at load time, <c>mode == 1</c> / <c>mode == 0</c> / anything else -1.
/// Must raise: TKP005 twice. httpd's key has no lifetime at all: it encrypts and decrypts until the server is restarted
/// (the documentation asks administrators to rotate it by restarting), so neither path can check a validity the key
/// does not have. TKP010: the port's calls can throw and nothing catches.
/// Must not raise: TKP003 (RAND_bytes, checked, before EVP_EncryptInit_ex), TKP004, TKP006 (never renews), TKP007
/// (AES-128 with a 16-byte HMAC secret), TKP008 (key bytes come from the file), TKP009, TKP011 (16 bytes).
/// Not caught: the ignored results of EVP_EncryptInit_ex/EVP_DecryptInit_ex (no rule covers cipher set-up results), and
/// TKP012, as the key sits in an instance field of the per-server configuration rather than a static readonly field
/// (documented in docs/rules/TKP012.md).
/// </summary>
public sealed class ApacheHttpdPortTests
{
    [Fact]
    public Task Httpd_ticket_callback_raises_TKP005_on_both_paths_and_TKP010() => AllAnalyzersVerifier.VerifyAsync("""
        using System.IO;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using static HttpdNative;
        using static Native;

        internal sealed unsafe class modssl_ticket_key_t
        {
            public byte* key_name;    // unsigned char key_name[16]
            public byte* hmac_secret; // unsigned char hmac_secret[16]
            public byte* aes_key;     // unsigned char aes_key[16]
            public nint mac_params;   // OSSL_PARAM mac_params[3]
        }

        internal sealed class modssl_ctx_t
        {
            public modssl_ticket_key_t? ticket_key;
        }

        internal static unsafe class HttpdNative
        {
            [DllImport("libssl.so.3")] public static extern nint SSL_get_ex_data(nint ssl, int idx);
            [DllImport("libcrypto.so.3")] public static extern int EVP_MAC_CTX_set_params(nint ctx, nint parameters);
            [DllImport("libc")] public static extern int memcmp(byte* a, byte* b, nuint n);
            [DllImport("libc")] public static extern void* memcpy(byte* dst, byte* src, nuint n);
        }

        internal static unsafe class HttpdTickets
        {
            private const int EVP_MAX_IV_LENGTH = 16;

            // ssl_init_ticket_key: read once from SSLSessionTicketKeyFile when the configuration is loaded.
            public static modssl_ctx_t ssl_init_ticket_key(string path, nint ctx)
            {
                byte[] buf = File.ReadAllBytes(path);
                var key = new modssl_ticket_key_t
                {
                    key_name = (byte*)NativeMemory.Alloc(16),
                    hmac_secret = (byte*)NativeMemory.Alloc(16),
                    aes_key = (byte*)NativeMemory.Alloc(16),
                };
                Marshal.Copy(buf, 0, (nint)key.key_name, 16);
                Marshal.Copy(buf, 16, (nint)key.hmac_secret, 16);
                Marshal.Copy(buf, 32, (nint)key.aes_key, 16);
                SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, (nint)(delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint, nint, int, int>)&ssl_callback_SessionTicket);
                return new modssl_ctx_t { ticket_key = key };
            }

            private static modssl_ctx_t myConnCtxConfig(nint ssl) =>
                (modssl_ctx_t)GCHandle.FromIntPtr(SSL_get_ex_data(ssl, 0)).Target!;

            [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
            private static int {|TKP010:ssl_callback_SessionTicket|}(nint ssl, byte* keyname, byte* iv, nint cipher_ctx, nint mac_ctx, int mode)
            {
                modssl_ctx_t mctx = myConnCtxConfig(ssl);
                modssl_ticket_key_t? ticket_key = mctx.ticket_key;

                if (mode == 1)
                {
                    /* OpenSSL is asking for a key for encrypting a ticket */
                    if (ticket_key == null)
                    {
                        /* should never happen, but better safe than sorry */
                        return -1;
                    }

                    memcpy(keyname, ticket_key.key_name, 16);
                    if (RAND_bytes(iv, EVP_MAX_IV_LENGTH) != 1)
                    {
                        return -1;
                    }

                    EVP_EncryptInit_ex(cipher_ctx, EVP_aes_128_cbc(), 0, ticket_key.aes_key, iv);
                    EVP_MAC_CTX_set_params(mac_ctx, ticket_key.mac_params);

                    return {|TKP005:1|};
                }
                else if (mode == 0)
                {
                    /* OpenSSL is asking for the decryption key: check key name */
                    if (ticket_key == null || memcmp(keyname, ticket_key.key_name, 16) != 0)
                    {
                        return 0;
                    }

                    EVP_DecryptInit_ex(cipher_ctx, EVP_aes_128_cbc(), 0, ticket_key.aes_key, iv);
                    EVP_MAC_CTX_set_params(mac_ctx, ticket_key.mac_params);

                    return {|TKP005:1|};
                }

                /* OpenSSL is not expected to call us with modes other than 1 or 0 */
                return -1;
            }
        }
        """);
}
