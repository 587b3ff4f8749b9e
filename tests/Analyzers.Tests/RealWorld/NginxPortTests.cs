using System.Threading.Tasks;
using TicketKeys.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TicketKeys.Analyzers.Tests.RealWorld;

/// <summary>
/// nginx's <c>ngx_ssl_ticket_key_callback</c> and <c>ngx_ssl_rotate_ticket_keys</c>
/// (nginx/nginx src/event/ngx_event_openssl.c at 3f6f7824d4e2eb1ac37dec76683d525ac0ff521c), ported with the same
/// control flow: rotation first, key[0] encrypts, a linear search with <c>goto found</c> decrypts, AES-128 with a 16-byte
/// HMAC key for 48-byte key files and AES-256 with a 32-byte one for 80-byte files, renewal for TLS 1.3 and for
/// non-default keys with an expiry.
/// Must raise: TKP010 only (C has no exceptions; in C# every P/Invoke can throw, e.g. EntryPointNotFoundException, and
/// the port, like the original, has no catch-all).
/// Must not raise: TKP003 (RAND_bytes fills the IV, result checked, before EVP_EncryptInit_ex), TKP004 (checked with
/// <c>!= 1</c>), TKP005 (the callback first calls ngx_ssl_rotate_ticket_keys, which reads the clock and retires expired
/// shared keys; keys from files have no expiry in nginx), TKP006 (renewal never depends on an expired key), TKP007
/// (cipher and HMAC size are chosen together from the key size: 16/16 or 32/32), TKP008 (keys come from files or
/// RAND_bytes), TKP009 (returns -1, 0, 1, 2; 2 only when decrypting), TKP011 (16 bytes copied to the name), TKP012
/// (keys live in shared memory rotated by the clock, not in a static readonly field).
/// </summary>
public sealed class NginxPortTests
{
    [Fact]
    public Task Nginx_ticket_callback_raises_only_TKP010() => AllAnalyzersVerifier.VerifyAsync("""
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using static Native;
        using static NginxNative;

        internal unsafe struct ngx_ssl_ticket_key_t
        {
            public nuint size;
            public fixed byte name[16];
            public fixed byte hmac_key[32];
            public fixed byte aes_key[32];
            public long expire;
            public uint shared;
        }

        internal unsafe struct ngx_array_t
        {
            public void* elts;
            public nuint nelts;
        }

        internal static unsafe class NginxNative
        {
            [DllImport("libssl.so.3")] public static extern nint SSL_CTX_get_ex_data(nint ctx, int idx);
            [DllImport("libssl.so.3")] public static extern nint SSL_get_SSL_CTX(nint ssl);
            [DllImport("libssl.so.3")] public static extern long SSL_CTX_get_timeout(nint ctx);
            [DllImport("libssl.so.3")] public static extern int SSL_version(nint ssl);
            [DllImport("libcrypto.so.3")] public static extern int EVP_CIPHER_iv_length(nint cipher);
            [DllImport("libc")] public static extern int memcmp(byte* a, byte* b, nuint n);
            [DllImport("libc")] public static extern void* memcpy(byte* dst, byte* src, nuint n);
            [DllImport("libc")] public static extern long time(long* t);
        }

        internal static unsafe class NginxTickets
        {
            private const int NGX_OK = 0;
            private const int NGX_ERROR = -1;
            private const int TLS1_3_VERSION = 0x0304;
            internal static int ngx_ssl_ticket_keys_index;
            internal static ngx_ssl_ticket_key_t* ngx_shared_ticket_keys; // cache->ticket_keys[3], in shared memory
            private static readonly object ngx_shared_mutex = new();

            public static void ngx_ssl_session_ticket_keys(nint ctx) =>
                SSL_CTX_set_tlsext_ticket_key_cb(ctx, &ngx_ssl_ticket_key_callback);

            [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
            private static int {|TKP010:ngx_ssl_ticket_key_callback|}(nint ssl_conn, byte* name, byte* iv, nint ectx, nint hctx, int enc)
            {
                nuint size;
                nint cipher;
                nint ssl_ctx = SSL_get_SSL_CTX(ssl_conn); // c->ssl->session_ctx

                if (ngx_ssl_rotate_ticket_keys(ssl_ctx) != NGX_OK)
                {
                    return -1;
                }

                nint digest = EVP_sha256();

                ngx_array_t* keys = (ngx_array_t*)SSL_CTX_get_ex_data(ssl_ctx, ngx_ssl_ticket_keys_index);
                if (keys == null)
                {
                    return -1;
                }

                ngx_ssl_ticket_key_t* key = (ngx_ssl_ticket_key_t*)keys->elts;

                if (enc == 1)
                {
                    /* encrypt session ticket */
                    if (key[0].size == 48)
                    {
                        cipher = EVP_aes_128_cbc();
                        size = 16;
                    }
                    else
                    {
                        cipher = EVP_aes_256_cbc();
                        size = 32;
                    }

                    if (RAND_bytes(iv, EVP_CIPHER_iv_length(cipher)) != 1)
                    {
                        return -1;
                    }

                    if (EVP_EncryptInit_ex(ectx, cipher, 0, key[0].aes_key, iv) != 1)
                    {
                        return -1;
                    }

                    if (HMAC_Init_ex(hctx, key[0].hmac_key, (int)size, digest, 0) != 1)
                    {
                        return -1;
                    }

                    memcpy(name, key[0].name, 16);

                    return 1;
                }
                else
                {
                    /* decrypt session ticket */
                    nuint i;
                    for (i = 0; i < keys->nelts; i++)
                    {
                        if (memcmp(name, key[i].name, 16) == 0)
                        {
                            goto found;
                        }
                    }

                    return 0;

                found:
                    if (key[i].size == 48)
                    {
                        cipher = EVP_aes_128_cbc();
                        size = 16;
                    }
                    else
                    {
                        cipher = EVP_aes_256_cbc();
                        size = 32;
                    }

                    if (HMAC_Init_ex(hctx, key[i].hmac_key, (int)size, digest, 0) != 1)
                    {
                        return -1;
                    }

                    if (EVP_DecryptInit_ex(ectx, cipher, 0, key[i].aes_key, iv) != 1)
                    {
                        return -1;
                    }

                    /* renew if TLSv1.3 */
                    if (SSL_version(ssl_conn) == TLS1_3_VERSION)
                    {
                        return 2;
                    }

                    /* renew if non-default key */
                    if (i != 0 && key[i].expire != 0)
                    {
                        return 2;
                    }

                    return 1;
                }
            }

            private static int ngx_ssl_rotate_ticket_keys(nint ssl_ctx)
            {
                ngx_array_t* keys = (ngx_array_t*)SSL_CTX_get_ex_data(ssl_ctx, ngx_ssl_ticket_keys_index);
                if (keys == null)
                {
                    return NGX_OK;
                }

                ngx_ssl_ticket_key_t* key = (ngx_ssl_ticket_key_t*)keys->elts;
                if (key[0].shared == 0)
                {
                    return NGX_OK;
                }

                long now = time(null); // ngx_time()
                long expire = now + SSL_CTX_get_timeout(ssl_ctx);
                if (key[0].expire >= expire && key[1].expire >= now)
                {
                    return NGX_OK;
                }

                lock (ngx_shared_mutex)
                {
                    key = ngx_shared_ticket_keys;
                    byte* buf = stackalloc byte[80];
                    if (key[0].expire == 0)
                    {
                        /* initialize the current key */
                        if (RAND_bytes(buf, 80) != 1)
                        {
                            return NGX_ERROR;
                        }

                        key[0].shared = 1;
                        key[0].expire = expire;
                        key[0].size = 80;
                        memcpy(key[0].name, buf, 16);
                        memcpy(key[0].hmac_key, buf + 16, 32);
                        memcpy(key[0].aes_key, buf + 48, 32);
                        key[2] = key[0];
                    }

                    if (key[1].expire < now)
                    {
                        /* retire the previous key, promote the next one, make a new next key */
                        key[1] = key[0];
                        key[0] = key[2];
                        if (RAND_bytes(buf, 80) != 1)
                        {
                            return NGX_ERROR;
                        }

                        key[2].shared = 1;
                        key[2].expire = 0;
                        key[2].size = 80;
                        memcpy(key[2].name, buf, 16);
                        memcpy(key[2].hmac_key, buf + 16, 32);
                        memcpy(key[2].aes_key, buf + 48, 32);
                    }

                    if (expire > key[0].expire)
                    {
                        key[0].expire = expire;
                    }

                    /* sync keys to the worker process memory */
                    memcpy((byte*)keys->elts, (byte*)key, (nuint)(2 * sizeof(ngx_ssl_ticket_key_t)));
                }

                return NGX_OK;
            }
        }
        """);
}
