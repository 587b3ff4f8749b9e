using System.Threading.Tasks;
using TicketKeys.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TicketKeys.Analyzers.Tests.RealWorld;

/// <summary>
/// Apache Traffic Server's <c>ssl_callback_session_ticket</c> (apache/trafficserver src/iocore/net/SSLSessionTicket.cc at
/// 1372b5efba2508e82252799e1242bd1b7ab121f5) and the methods it hands the work to,
/// <c>TLSSessionResumptionSupport::processSessionTicket</c>, <c>_setSessionInformation</c> and <c>_getSessionInformation</c>
/// (src/iocore/net/TLSSessionResumptionSupport.cc, same commit; OpenSSL 3 branch), ported with the same control flow: a
/// key block from ticket_key_filename (16-byte name, 16-byte HMAC secret, 16-byte AES key per key), keys[0] encrypting,
/// a search over all keys decrypting, renewal for TLS 1.3 and for older keys, and the original's -2 and -3 error codes.
/// Must raise: TKP010 on the registered callback (getInstance and the delegated call can throw; nothing catches).
/// Must not raise: TKP003/TKP004/TKP007/TKP008/TKP011/TKP012: the IV is filled by a checked RAND_bytes, AES-128 goes
/// with a 16-byte HMAC secret, keys come from a file, the name copy is 16 bytes.
/// Not caught (a documented gap, docs/rules/README.md "What the rules do not follow"): the work is done in methods that
/// receive some of the callback's parameters, which the rules do not follow, so the returns of -2 and -3 (TKP009:
/// OpenSSL treats them as -1) and the keys' missing expiry (TKP005: ATS keys live until the key file is reloaded) go
/// unreported. processSessionTicket has the callback's shape but is neither registered nor [UnmanagedCallersOnly].
/// </summary>
public sealed class TrafficServerPortTests
{
    [Fact]
    public Task Traffic_server_ticket_callback_raises_only_TKP010() => AllAnalyzersVerifier.VerifyAsync("""
        using System.Diagnostics;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using static AtsNative;
        using static Native;

        internal unsafe struct ssl_ticket_key_t
        {
            public fixed byte key_name[16];
            public fixed byte hmac_secret[16];
            public fixed byte aes_key[16];
        }

        internal sealed unsafe class ssl_ticket_key_block
        {
            public uint num_keys;
            public ssl_ticket_key_t* keys;
        }

        internal struct OSSL_PARAM
        {
            public nint key;
            public uint data_type;
            public nint data;
            public nuint data_size;
            public nuint return_size;
        }

        internal static unsafe class AtsNative
        {
            [DllImport("libssl.so.3")] public static extern nint SSL_get_ex_data(nint ssl, int idx);
            [DllImport("libssl.so.3")] public static extern int SSL_version(nint ssl);
            [DllImport("libssl.so.3")] public static extern int SSL_is_quic(nint ssl);
            [DllImport("libcrypto.so.3")] public static extern OSSL_PARAM OSSL_PARAM_construct_octet_string(nint key, byte* buf, nuint bsize);
            [DllImport("libcrypto.so.3")] public static extern OSSL_PARAM OSSL_PARAM_construct_utf8_string(nint key, nint buf, nuint bsize);
            [DllImport("libcrypto.so.3")] public static extern OSSL_PARAM OSSL_PARAM_construct_end();
            [DllImport("libcrypto.so.3")] public static extern int EVP_MAC_CTX_set_params(nint ctx, OSSL_PARAM* parameters);
            [DllImport("libc")] public static extern int memcmp(byte* a, byte* b, nuint n);
            [DllImport("libc")] public static extern void* memcpy(byte* dst, byte* src, nuint n);
        }

        internal sealed unsafe class TLSSessionResumptionSupport
        {
            private const int EVP_MAX_IV_LENGTH = 16;
            private const int TLS1_3_VERSION = 0x0304;
            internal static int _ex_data_index;
            internal static ssl_ticket_key_block default_global_keyblock = new();
            internal static nint OSSL_MAC_PARAM_KEY;
            internal static nint OSSL_MAC_PARAM_DIGEST;
            internal static nint mac_param_digest;
            internal ssl_ticket_key_block? cc_keyblock; // lookup->find(ip)->keyblock

            public static TLSSessionResumptionSupport? getInstance(nint ssl) =>
                GCHandle.FromIntPtr(SSL_get_ex_data(ssl, _ex_data_index)).Target as TLSSessionResumptionSupport;

            public int processSessionTicket(nint ssl, byte* keyname, byte* iv, nint cipher_ctx, nint hctx, int enc)
            {
                ssl_ticket_key_block keyblock = cc_keyblock ?? default_global_keyblock;
                Debug.Assert(keyblock.num_keys > 0);

                if (enc == 1)
                {
                    return _setSessionInformation(keyblock, keyname, iv, cipher_ctx, hctx);
                }
                else if (enc == 0)
                {
                    return _getSessionInformation(keyblock, ssl, keyname, iv, cipher_ctx, hctx);
                }

                return -1;
            }

            private int _setSessionInformation(ssl_ticket_key_block keyblock, byte* keyname, byte* iv, nint cipher_ctx, nint hctx)
            {
                ssl_ticket_key_t* most_recent_key = &keyblock.keys[0];
                memcpy(keyname, most_recent_key->key_name, 16);
                if (RAND_bytes(iv, EVP_MAX_IV_LENGTH) != 1)
                {
                    return -1;
                }

                if (EVP_EncryptInit_ex(cipher_ctx, EVP_aes_128_cbc(), 0, most_recent_key->aes_key, iv) != 1)
                {
                    return -2;
                }

                OSSL_PARAM* @params = stackalloc OSSL_PARAM[3];
                @params[0] = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, most_recent_key->hmac_secret, 16);
                @params[1] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, mac_param_digest, 0);
                @params[2] = OSSL_PARAM_construct_end();
                if (EVP_MAC_CTX_set_params(hctx, @params) != 1)
                {
                    return -3;
                }

                return 1;
            }

            private int _getSessionInformation(ssl_ticket_key_block keyblock, nint ssl, byte* keyname, byte* iv, nint cipher_ctx, nint hctx)
            {
                for (uint i = 0; i < keyblock.num_keys; ++i)
                {
                    if (memcmp(keyname, keyblock.keys[i].key_name, 16) == 0)
                    {
                        if (EVP_DecryptInit_ex(cipher_ctx, EVP_aes_128_cbc(), 0, keyblock.keys[i].aes_key, iv) != 1)
                        {
                            return -2;
                        }

                        OSSL_PARAM* @params = stackalloc OSSL_PARAM[3];
                        @params[0] = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, keyblock.keys[i].hmac_secret, 16);
                        @params[1] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, mac_param_digest, 0);
                        @params[2] = OSSL_PARAM_construct_end();
                        if (EVP_MAC_CTX_set_params(hctx, @params) != 1)
                        {
                            return -3;
                        }

                        if (SSL_version(ssl) >= TLS1_3_VERSION)
                        {
                            return 2; // make sure tickets are only used once
                        }

                        // When we decrypt with an "older" key, encrypt the ticket again with the most recent key.
                        return (i == 0) ? 1 : 2;
                    }
                }

                return 0;
            }
        }

        internal static unsafe class AtsTickets
        {
            public static void ssl_context_enable_tickets(nint ctx) =>
                SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, (nint)(delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint, nint, int, int>)&ssl_callback_session_ticket);

            [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
            private static int {|TKP010:ssl_callback_session_ticket|}(nint ssl, byte* keyname, byte* iv, nint cipher_ctx, nint hctx, int enc)
            {
                TLSSessionResumptionSupport? srs = TLSSessionResumptionSupport.getInstance(ssl);

                if (srs != null)
                {
                    return srs.processSessionTicket(ssl, keyname, iv, cipher_ctx, hctx, enc);
                }
                else
                {
                    if (SSL_is_quic(ssl) == 1)
                    {
                        return 0;
                    }

                    Debug.Fail("srs should be available");

                    // For now, make it an error (this would cause handshake failure)
                    return -1;
                }
            }
        }
        """);
}
