using System.Threading.Tasks;
using TicketKeys.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TicketKeys.Analyzers.Tests.RealWorld;

/// <summary>
/// HAProxy's <c>ssl_tlsext_ticket_key_cb</c> and <c>ssl_hmac_init</c> (haproxy/haproxy src/ssl_sock.c at
/// 50872daa6a857e82afc40b1c5161924aef4172d7; structures from include/haproxy/ssl_sock-t.h), ported with the same control
/// flow: one exit through <c>end:</c> returning <c>ret</c> (-1 by default), a ring of TLS_TICKETS_NO = 3 keys read under a
/// read lock, the key at <c>tls_ticket_enc_index</c> encrypting, renewal (2) for any other key in the ring, 128- or
/// 256-bit keys per key file, and the HMAC key set through OSSL_PARAMs (OpenSSL 3, the <c>_evp_cb</c> registration).
/// Must raise: TKP004, a real defect of the original: <c>if(!RAND_pseudo_bytes(iv, EVP_MAX_IV_LENGTH)) goto end;</c>
/// (RAND_pseudo_bytes is RAND_bytes in openssl-compat.h) lets RAND_bytes' -1 ("not supported by the RAND method") pass
/// as success; and TKP010 (the port's lock calls can throw, and nothing catches).
/// Must not raise: TKP003 (the IV is filled before EVP_EncryptInit_ex on every path that reaches it), TKP007 (128-bit
/// keys use a 16-byte HMAC key, 256-bit keys a 32-byte one), TKP008/TKP012 (keys come from the tls-ticket-keys file or
/// RAND_bytes and are replaced at run time through the CLI), TKP009 (only -1, 0, 1, 2 are stored in <c>ret</c>; 2 only
/// when decrypting), TKP011 (16 bytes copied). TKP005 stays silent because the returns go through <c>ret</c>, whose value
/// the rule does not track: documented in docs/rules/TKP005.md (HAProxy keys have no time limit in the process; they
/// leave the ring only when an operator runs <c>set ssl tls-key</c>).
/// </summary>
public sealed class HaproxyPortTests
{
    [Fact]
    public Task Haproxy_ticket_callback_raises_its_RAND_check_and_TKP010() => AllAnalyzersVerifier.VerifyAsync("""
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using System.Threading;
        using static HaproxyNative;
        using static Native;

        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        internal unsafe struct tls_sess_key_128
        {
            public fixed byte name[16];
            public fixed byte aes_key[16];
            public fixed byte hmac_key[16];
        }

        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        internal unsafe struct tls_sess_key_256
        {
            public fixed byte name[16];
            public fixed byte aes_key[32];
            public fixed byte hmac_key[32];
        }

        [StructLayout(LayoutKind.Explicit, Pack = 1)]
        internal unsafe struct tls_sess_key
        {
            [FieldOffset(0)] public fixed byte name[16];
            [FieldOffset(0)] public tls_sess_key_128 key_128;
            [FieldOffset(0)] public tls_sess_key_256 key_256;
        }

        internal sealed unsafe class tls_keys_ref
        {
            public tls_sess_key* tlskeys;
            public int tls_ticket_enc_index;
            public int key_size_bits;
            public readonly ReaderWriterLockSlim @lock = new();
        }

        internal struct OSSL_PARAM
        {
            public nint key;
            public uint data_type;
            public nint data;
            public nuint data_size;
            public nuint return_size;
        }

        internal static unsafe class HaproxyNative
        {
            [DllImport("libcrypto.so.3")] public static extern OSSL_PARAM OSSL_PARAM_construct_octet_string(nint key, byte* buf, nuint bsize);
            [DllImport("libcrypto.so.3")] public static extern OSSL_PARAM OSSL_PARAM_construct_utf8_string(nint key, nint buf, nuint bsize);
            [DllImport("libcrypto.so.3")] public static extern OSSL_PARAM OSSL_PARAM_construct_end();
            [DllImport("libcrypto.so.3")] public static extern int EVP_MAC_CTX_set_params(nint ctx, OSSL_PARAM* parameters);
            [DllImport("libcrypto.so.3")] public static extern nint EVP_MD_get0_name(nint md);
            [DllImport("libc")] public static extern int memcmp(byte* a, byte* b, nuint n);
            [DllImport("libc")] public static extern void* memcpy(byte* dst, byte* src, nuint n);
        }

        internal static unsafe class HaproxyTickets
        {
            private const int TLS_TICKETS_NO = 3;
            private const int EVP_MAX_IV_LENGTH = 16;
            internal static nint OSSL_MAC_PARAM_KEY;
            internal static nint OSSL_MAC_PARAM_DIGEST;
            internal static tls_keys_ref keys_ref = new(); // l->bind_conf->keys_ref

            public static void ssl_sock_prepare_ctx(nint ctx) =>
                SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, (nint)(delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint, nint, int, int>)&ssl_tlsext_ticket_key_cb);

            private static nint TLS_TICKET_HASH_FUNCT() => EVP_sha256();

            /* Returns -1 in case of error, 1 otherwise. */
            private static int ssl_hmac_init(nint hctx, byte* key, int key_len, nint md)
            {
                OSSL_PARAM* @params = stackalloc OSSL_PARAM[3];
                @params[0] = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, key, (nuint)key_len);
                @params[1] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, EVP_MD_get0_name(md), 0);
                @params[2] = OSSL_PARAM_construct_end();
                if (EVP_MAC_CTX_set_params(hctx, @params) == 0)
                {
                    return -1; /* error in mac initialisation */
                }

                return 1;
            }

            [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
            private static int {|TKP010:ssl_tlsext_ticket_key_cb|}(nint s, byte* key_name, byte* iv, nint ectx, nint hctx, int enc)
            {
                tls_sess_key* keys;
                int head;
                int i;
                int ret = -1; /* error by default */
                tls_keys_ref @ref = keys_ref;

                @ref.@lock.EnterReadLock();

                keys = @ref.tlskeys;
                head = @ref.tls_ticket_enc_index;

                if (enc != 0)
                {
                    memcpy(key_name, keys[head].name, 16);

                    if ({|TKP004:RAND_bytes(iv, EVP_MAX_IV_LENGTH)|} == 0)
                    {
                        goto end;
                    }

                    if (@ref.key_size_bits == 128)
                    {
                        if (EVP_EncryptInit_ex(ectx, EVP_aes_128_cbc(), 0, keys[head].key_128.aes_key, iv) == 0)
                        {
                            goto end;
                        }

                        if (ssl_hmac_init(hctx, keys[head].key_128.hmac_key, 16, TLS_TICKET_HASH_FUNCT()) < 0)
                        {
                            goto end;
                        }

                        ret = 1;
                    }
                    else if (@ref.key_size_bits == 256)
                    {
                        if (EVP_EncryptInit_ex(ectx, EVP_aes_256_cbc(), 0, keys[head].key_256.aes_key, iv) == 0)
                        {
                            goto end;
                        }

                        if (ssl_hmac_init(hctx, keys[head].key_256.hmac_key, 32, TLS_TICKET_HASH_FUNCT()) < 0)
                        {
                            goto end;
                        }

                        ret = 1;
                    }
                }
                else
                {
                    for (i = 0; i < TLS_TICKETS_NO; i++)
                    {
                        if (memcmp(key_name, keys[(head + i) % TLS_TICKETS_NO].name, 16) == 0)
                        {
                            goto found;
                        }
                    }

                    ret = 0;
                    goto end;

                found:
                    if (@ref.key_size_bits == 128)
                    {
                        if (ssl_hmac_init(hctx, keys[(head + i) % TLS_TICKETS_NO].key_128.hmac_key, 16, TLS_TICKET_HASH_FUNCT()) < 0)
                        {
                            goto end;
                        }

                        if (EVP_DecryptInit_ex(ectx, EVP_aes_128_cbc(), 0, keys[(head + i) % TLS_TICKETS_NO].key_128.aes_key, iv) == 0)
                        {
                            goto end;
                        }

                        /* 2 for key renewal, 1 if current key is still valid */
                        ret = i != 0 ? 2 : 1;
                    }
                    else if (@ref.key_size_bits == 256)
                    {
                        if (ssl_hmac_init(hctx, keys[(head + i) % TLS_TICKETS_NO].key_256.hmac_key, 32, TLS_TICKET_HASH_FUNCT()) < 0)
                        {
                            goto end;
                        }

                        if (EVP_DecryptInit_ex(ectx, EVP_aes_256_cbc(), 0, keys[(head + i) % TLS_TICKETS_NO].key_256.aes_key, iv) == 0)
                        {
                            goto end;
                        }

                        /* 2 for key renewal, 1 if current key is still valid */
                        ret = i != 0 ? 2 : 1;
                    }
                }

            end:
                @ref.@lock.ExitReadLock();
                return ret;
            }
        }
        """);
}
