namespace TicketKeys.Benchmarks;

/// <summary>
/// Hand-written raw ticket callbacks for the analyzer-cost project: the reference implementation of
/// SSL_CTX_set_tlsext_ticket_key_cb(3) ported to C# with its bugs fixed (RAND_bytes checked for 1, a renewal branch
/// that can run, a catch-all), so that every TicketKeys callback rule runs its full analysis and reports nothing.
/// </summary>
internal static class RawCallbackSource
{
    /// <summary>The OpenSSL functions the callbacks call, declared as a user would.</summary>
    public const string NativeDeclarations = """
        using System.Runtime.InteropServices;

        namespace Synthetic.Callbacks;

        internal static unsafe class Native
        {
            [DllImport("libssl.so.3")] public static extern long SSL_CTX_set_tlsext_ticket_key_cb(nint ctx, delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint, nint, int, int> cb);
            [DllImport("libcrypto.so.3")] public static extern int RAND_bytes(byte* buf, int num);
            [DllImport("libcrypto.so.3")] public static extern nint EVP_aes_128_cbc();
            [DllImport("libcrypto.so.3")] public static extern nint EVP_aes_256_cbc();
            [DllImport("libcrypto.so.3")] public static extern nint EVP_sha256();
            [DllImport("libcrypto.so.3")] public static extern int EVP_EncryptInit_ex(nint ctx, nint cipher, nint engine, byte* key, byte* iv);
            [DllImport("libcrypto.so.3")] public static extern int EVP_DecryptInit_ex(nint ctx, nint cipher, nint engine, byte* key, byte* iv);
            [DllImport("libcrypto.so.3")] public static extern int HMAC_Init_ex(nint ctx, byte* key, int len, nint md, nint engine);
        }
        """;

    /// <summary>Callback <paramref name="index"/>: AES-128 with a 16-byte HMAC key, or every other one AES-256 with 32 bytes.</summary>
    public static string Callback(int index)
    {
        int keyBytes = index % 2 == 0 ? 16 : 32;
        string cipher = index % 2 == 0 ? "EVP_aes_128_cbc" : "EVP_aes_256_cbc";
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;
            using System.Security.Cryptography;
            using static Synthetic.Callbacks.Native;

            namespace Synthetic.Callbacks;

            internal sealed class ManPageKey{{index}}
            {
                public readonly byte[] Name = new byte[16];
                public readonly byte[] AesKey = new byte[{{keyBytes}}];
                public readonly byte[] HmacKey = new byte[{{keyBytes}}];
                public long Expire;
            }

            internal static unsafe class ManPageCallback{{index}}
            {
                private const int EVP_MAX_IV_LENGTH = 16;
                private const long RENEW_TIME = 3600;
                private static readonly List<ManPageKey{{index}}> s_keys = new();
                private static ManPageKey{{index}}? s_current;

                private static long now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

                private static ManPageKey{{index}}? currentkey() => s_current is { } key && key.Expire > now() ? key : null;

                private static ManPageKey{{index}} createkey()
                {
                    var key = new ManPageKey{{index}} { Expire = now() + 86400 };
                    RandomNumberGenerator.Fill(key.Name);
                    RandomNumberGenerator.Fill(key.AesKey);
                    RandomNumberGenerator.Fill(key.HmacKey);
                    s_keys.Add(key);
                    s_current = key;
                    return key;
                }

                private static ManPageKey{{index}}? findkey(byte* name)
                {
                    foreach (ManPageKey{{index}} key in s_keys)
                    {
                        if (new ReadOnlySpan<byte>(name, 16).SequenceEqual(key.Name))
                        {
                            return key;
                        }
                    }

                    return null;
                }

                [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
                private static int ssl_tlsext_ticket_key_cb(nint s, byte* key_name, byte* iv, nint ctx, nint hctx, int enc)
                {
                    try
                    {
                        ManPageKey{{index}}? key;
                        if (enc != 0)
                        {
                            if (RAND_bytes(iv, EVP_MAX_IV_LENGTH) != 1)
                            {
                                return -1;
                            }

                            key = currentkey() ?? createkey();
                            Marshal.Copy(key.Name, 0, (IntPtr)key_name, 16);
                            fixed (byte* aes_key = key.AesKey)
                            fixed (byte* hmac_key = key.HmacKey)
                            {
                                if (EVP_EncryptInit_ex(ctx, {{cipher}}(), 0, aes_key, iv) != 1
                                    || HMAC_Init_ex(hctx, hmac_key, {{keyBytes}}, EVP_sha256(), 0) != 1)
                                {
                                    return -1;
                                }
                            }

                            return 1;
                        }

                        key = findkey(key_name);
                        if (key is null || key.Expire < now())
                        {
                            return 0;
                        }

                        fixed (byte* aes_key = key.AesKey)
                        fixed (byte* hmac_key = key.HmacKey)
                        {
                            if (HMAC_Init_ex(hctx, hmac_key, {{keyBytes}}, EVP_sha256(), 0) != 1
                                || EVP_DecryptInit_ex(ctx, {{cipher}}(), 0, aes_key, iv) != 1)
                            {
                                return -1;
                            }
                        }

                        return key.Expire - now() < RENEW_TIME ? 2 : 1;
                    }
                    catch (Exception)
                    {
                        return enc == 0 ? 0 : -1;
                    }
                }

                public static void Attach(nint sslContext) =>
                    SSL_CTX_set_tlsext_ticket_key_cb(sslContext, &ssl_tlsext_ticket_key_cb);
            }
            """;
    }
}
