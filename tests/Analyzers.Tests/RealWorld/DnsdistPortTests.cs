using System.Threading.Tasks;
using TicketKeys.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TicketKeys.Analyzers.Tests.RealWorld;

/// <summary>
/// dnsdist's ticket keys (PowerDNS/pdns at 20096dc7c96883e6f92ed91ce8fa6e911f50bca0): <c>OpenSSLTLSTicketKeysRing</c>,
/// <c>OpenSSLTLSTicketKey</c> and <c>libssl_ticket_key_callback</c> (pdns/libssl.cc, OpenSSL 3 branch), the registered
/// <c>OpenSSLTLSIOCtx::ticketKeyCb</c> and <c>handleTicketsKeyRotation</c> (pdns/tcpiohandler.cc/.hh), ported with the
/// same control flow: a bounded ring (newest key first, the oldest dropped past capacity), rotated on a timer when a
/// connection is created, the front key encrypting, any key in the ring decrypting and renewal (2) for a non-front key,
/// AES-256-CBC with a 32-byte HMAC key set through EVP_MAC_init.
/// Must raise: TKP010 on the registered callback (nothing catches).
/// Must not raise: TKP004 (every RAND_bytes is checked with != 1), TKP008/TKP012 (keys are random or loaded, and
/// rotated), and nothing else: the original has no defect these rules describe.
/// Not seen (a documented gap): the callback hands the work to libssl_ticket_key_callback and the key's
/// encrypt/decrypt methods, which the rules do not follow; expiry here is positional (a key leaves the ring after
/// capacity rotations), which TKP005 could not see in any case.
/// </summary>
public sealed class DnsdistPortTests
{
    [Fact]
    public Task Dnsdist_ticket_callback_raises_only_TKP010() => AllAnalyzersVerifier.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using System.Threading;
        using static DnsdistNative;
        using static Native;

        internal static unsafe class DnsdistNative
        {
            [DllImport("libssl.so.3")] public static extern nint SSL_get_SSL_CTX(nint ssl);
            [DllImport("libssl.so.3")] public static extern nint SSL_CTX_get_ex_data(nint ctx, int idx);
            [DllImport("libcrypto.so.3")] public static extern int EVP_MAC_init(nint ctx, byte* key, nuint keylen, nint parameters);
            [DllImport("libcrypto.so.3")] public static extern int EVP_MAC_CTX_set_params(nint ctx, nint parameters);
            [DllImport("libcrypto.so.3")] public static extern nint OSSL_PARAM_BLD_new();
            [DllImport("libcrypto.so.3")] public static extern int OSSL_PARAM_BLD_push_utf8_string(nint bld, string key, string value, nuint length);
            [DllImport("libcrypto.so.3")] public static extern nint OSSL_PARAM_BLD_to_param(nint bld);
            [DllImport("libc")] public static extern int memcmp(byte* a, byte* b, nuint n);
            [DllImport("libc")] public static extern void* memcpy(byte* dst, byte* src, nuint n);
        }

        internal sealed unsafe class OpenSSLTLSTicketKey
        {
            private const int EVP_MAX_IV_LENGTH = 16;
            private readonly byte* d_name = (byte*)NativeMemory.Alloc(16);
            private readonly byte* d_cipherKey = (byte*)NativeMemory.Alloc(32);
            private readonly byte* d_hmacKey = (byte*)NativeMemory.Alloc(32);

            public OpenSSLTLSTicketKey()
            {
                if (RAND_bytes(d_name, 16) != 1)
                {
                    throw new InvalidOperationException("Error while generating the name of the OpenSSL TLS ticket key");
                }

                if (RAND_bytes(d_cipherKey, 32) != 1)
                {
                    throw new InvalidOperationException("Error while generating the cipher key of the OpenSSL TLS ticket key");
                }

                if (RAND_bytes(d_hmacKey, 32) != 1)
                {
                    throw new InvalidOperationException("Error while generating the HMAC key of the OpenSSL TLS ticket key");
                }
            }

            public bool nameMatches(byte* name) => memcmp(d_name, name, 16) == 0;

            public int encrypt(byte* keyName, byte* iv, nint ectx, nint hctx)
            {
                memcpy(keyName, d_name, 16);

                if (RAND_bytes(iv, EVP_MAX_IV_LENGTH) != 1)
                {
                    return -1;
                }

                if (EVP_EncryptInit_ex(ectx, EVP_aes_256_cbc(), 0, d_cipherKey, iv) != 1)
                {
                    return -1;
                }

                return SetMac(hctx) ? 1 : -1;
            }

            public bool decrypt(byte* iv, nint ectx, nint hctx)
            {
                if (!SetMac(hctx))
                {
                    return false;
                }

                return EVP_DecryptInit_ex(ectx, EVP_aes_256_cbc(), 0, d_cipherKey, iv) == 1;
            }

            private bool SetMac(nint hctx)
            {
                nint params_build = OSSL_PARAM_BLD_new();
                if (params_build == 0 || OSSL_PARAM_BLD_push_utf8_string(params_build, "digest", "sha256", 6) == 0)
                {
                    return false;
                }

                nint @params = OSSL_PARAM_BLD_to_param(params_build);
                return @params != 0 && EVP_MAC_CTX_set_params(hctx, @params) != 0 && EVP_MAC_init(hctx, d_hmacKey, 32, 0) != 0;
            }
        }

        internal sealed unsafe class OpenSSLTLSTicketKeysRing(int capacity)
        {
            private readonly LinkedList<OpenSSLTLSTicketKey> d_ticketKeys = new();
            private readonly ReaderWriterLockSlim d_lock = new();

            public void addKey(OpenSSLTLSTicketKey newKey)
            {
                d_lock.EnterWriteLock();
                d_ticketKeys.AddFirst(newKey);
                if (d_ticketKeys.Count > capacity)
                {
                    d_ticketKeys.RemoveLast(); // boost::circular_buffer drops the oldest
                }

                d_lock.ExitWriteLock();
            }

            public OpenSSLTLSTicketKey? getEncryptionKey()
            {
                d_lock.EnterReadLock();
                OpenSSLTLSTicketKey? front = d_ticketKeys.First?.Value;
                d_lock.ExitReadLock();
                return front;
            }

            public OpenSSLTLSTicketKey? getDecryptionKey(byte* name, out bool activeKey)
            {
                activeKey = false;
                d_lock.EnterReadLock();
                try
                {
                    foreach (OpenSSLTLSTicketKey key in d_ticketKeys)
                    {
                        if (key.nameMatches(name))
                        {
                            activeKey = key == d_ticketKeys.First!.Value;
                            return key;
                        }
                    }

                    return null;
                }
                finally
                {
                    d_lock.ExitReadLock();
                }
            }

            public void rotateTicketsKey(long now) => addKey(new OpenSSLTLSTicketKey());
        }

        internal sealed class OpenSSLFrontendContext
        {
            public readonly OpenSSLTLSTicketKeysRing d_ticketKeys = new(5);
        }

        internal sealed unsafe class OpenSSLTLSIOCtx
        {
            private static int s_ticketsKeyIndex;
            private readonly OpenSSLFrontendContext d_feContext = new();
            private long d_ticketsKeyRotationDelay = 43200;
            private long d_ticketsKeyNextRotation;

            public void attach(nint ctx) =>
                SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, (nint)(delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint, nint, int, int>)&ticketKeyCb);

            public void getConnection(long now) => handleTicketsKeyRotation(now);

            private void handleTicketsKeyRotation(long now)
            {
                if (d_ticketsKeyRotationDelay != 0 && now > d_ticketsKeyNextRotation)
                {
                    d_feContext.d_ticketKeys.rotateTicketsKey(now);
                    d_ticketsKeyNextRotation = now + d_ticketsKeyRotationDelay;
                }
            }

            private static int libssl_ticket_key_callback(nint s, OpenSSLTLSTicketKeysRing keyring, byte* keyName, byte* iv, nint ectx, nint hctx, int enc)
            {
                if (enc != 0)
                {
                    OpenSSLTLSTicketKey? key = keyring.getEncryptionKey();
                    if (key == null)
                    {
                        return -1;
                    }

                    return key.encrypt(keyName, iv, ectx, hctx);
                }

                OpenSSLTLSTicketKey? found = keyring.getDecryptionKey(keyName, out bool activeEncryptionKey);
                if (found == null)
                {
                    /* we don't know this key, just create a new ticket */
                    return 0;
                }

                if (!found.decrypt(iv, ectx, hctx))
                {
                    return -1;
                }

                if (!activeEncryptionKey)
                {
                    /* this key is not active, please encrypt the ticket content with the currently active one */
                    return 2;
                }

                return 1;
            }

            [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
            private static int {|TKP010:ticketKeyCb|}(nint s, byte* keyName, byte* iv, nint ectx, nint hctx, int enc)
            {
                var ctx = GCHandle.FromIntPtr(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(s), s_ticketsKeyIndex)).Target as OpenSSLFrontendContext;
                if (ctx == null)
                {
                    return -1;
                }

                int ret = libssl_ticket_key_callback(s, ctx.d_ticketKeys, keyName, iv, ectx, hctx, enc);
                if (enc == 0)
                {
                    if (ret == 0 || ret == 2)
                    {
                        // conn->setUnknownTicketKey() / conn->setResumedFromInactiveTicketKey(): counters only
                    }
                }

                return ret;
            }
        }
        """);
}
