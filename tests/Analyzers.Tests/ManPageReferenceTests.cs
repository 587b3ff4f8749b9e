using System.Threading.Tasks;
using TicketKeys.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TicketKeys.Analyzers.Tests;

/// <summary>
/// The reference implementation from SSL_CTX_set_tlsext_ticket_key_cb(3), ported line by line, with the helpers the
/// man page leaves to the reader written sensibly. Every analyzer runs; exactly its three real bugs must be reported:
/// the inverted RAND_bytes check (TKP004), the renewal branch that can never run (TKP006) and the missing catch-all
/// (TKP010). Its AES-128 key with a 16-byte HMAC key is consistent (no TKP007), its IV is filled by RAND_bytes before
/// the cipher set-up (no TKP003), both paths check the key's validity (currentkey() "isn't valid", the decrypt path's
/// expire &lt; now(): no TKP005), and its keys are created at run time (no TKP008/TKP012).
/// </summary>
public sealed class ManPageReferenceTests
{
    [Fact]
    public Task Reference_implementation_raises_exactly_its_three_bugs() => AllAnalyzersVerifier.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using System.Security.Cryptography;
        using static Native;

        internal sealed class ManPageKey
        {
            public readonly byte[] Name = new byte[16];
            public readonly byte[] AesKey = new byte[16];
            public readonly byte[] HmacKey = new byte[16];
            public long Expire;
        }

        internal static unsafe class ManPageCallback
        {
            private const int EVP_MAX_IV_LENGTH = 16;
            private const long RENEW_TIME = 3600;
            private static readonly List<ManPageKey> s_keys = new();
            private static ManPageKey? s_current;

            private static long now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

            // "current key doesn't exist or isn't valid"
            private static ManPageKey? currentkey() => s_current is { } key && key.Expire > now() ? key : null;

            // "createkey needs to initialise, a name, an aes_key, a hmac_key and optionally an expire time"
            private static ManPageKey? createkey()
            {
                var key = new ManPageKey { Expire = now() + 86400 };
                RandomNumberGenerator.Fill(key.Name);
                RandomNumberGenerator.Fill(key.AesKey);
                RandomNumberGenerator.Fill(key.HmacKey);
                s_keys.Add(key);
                s_current = key;
                return key;
            }

            private static ManPageKey? findkey(byte* name)
            {
                foreach (ManPageKey key in s_keys)
                {
                    if (new ReadOnlySpan<byte>(name, 16).SequenceEqual(key.Name))
                    {
                        return key;
                    }
                }

                return null;
            }

            [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
            private static int {|TKP010:ssl_tlsext_ticket_key_cb|}(nint s, byte* key_name, byte* iv, nint ctx, nint hctx, int enc)
            {
                ManPageKey? key;
                if (enc != 0)
                { /* create new session */
                    if ({|TKP004:RAND_bytes(iv, EVP_MAX_IV_LENGTH)|} != 0)
                    {
                        return -1; /* insufficient random */
                    }

                    key = currentkey(); /* something that you need to implement */
                    if (key is null)
                    {
                        /* current key doesn't exist or isn't valid */
                        key = createkey(); /* something that you need to implement. */
                        if (key is null)
                        { /* key couldn't be created */
                            return 0;
                        }
                    }

                    Marshal.Copy(key.Name, 0, (IntPtr)key_name, 16);
                    fixed (byte* aes_key = key.AesKey)
                    fixed (byte* hmac_key = key.HmacKey)
                    {
                        EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), 0, aes_key, iv);
                        HMAC_Init_ex(hctx, hmac_key, 16, EVP_sha256(), 0);
                    }

                    return 1;
                }
                else
                { /* retrieve session */
                    key = findkey(key_name);

                    if (key is null || key.Expire < now())
                    {
                        return 0;
                    }

                    fixed (byte* aes_key = key.AesKey)
                    fixed (byte* hmac_key = key.HmacKey)
                    {
                        HMAC_Init_ex(hctx, hmac_key, 16, EVP_sha256(), 0);
                        EVP_DecryptInit_ex(ctx, EVP_aes_128_cbc(), 0, aes_key, iv);
                    }

                    if ({|TKP006:key.Expire < (now() - RENEW_TIME)|})
                    {
                        /* return 2 - this session will get a new ticket even though the current is still valid */
                        return 2;
                    }

                    return 1;
                }
            }

            public static void Attach(nint sslContext) =>
                SSL_CTX_set_tlsext_ticket_key_cb(sslContext, &ssl_tlsext_ticket_key_cb);
        }
        """);
}
