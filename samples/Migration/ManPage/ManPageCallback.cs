using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using static Migration.ManPage.OpenSsl;

namespace Migration.ManPage;

/// <summary>
/// The reference implementation of SSL_CTX_set_tlsext_ticket_key_cb(3) (OpenSSL 1.0.2), ported line by line to C#
/// with its bugs kept: the RAND_bytes check is inverted (RAND_bytes returns 1 on success, so every new ticket fails),
/// the renewal test can only hold for a key that already expired (so it never runs), and nothing stops an exception
/// from reaching native code. The helpers the man page leaves to the reader are written sensibly. Do not use it:
/// it is the "before" of this sample; the analyzers' findings on it are listed in README.md.
/// </summary>
internal static unsafe class ManPageCallback
{
    private const int EVP_MAX_IV_LENGTH = 16;
    private const long RENEW_TIME = 3600;
    private static readonly List<ManPageKey> s_keys = [];
    private static ManPageKey? s_current;

    /// <summary>Registers the callback on <paramref name="sslContext"/>.</summary>
    public static void Attach(nint sslContext) =>
        SSL_CTX_callback_ctrl(sslContext, SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB, &ssl_tlsext_ticket_key_cb);

    [UnmanagedCallersOnly]
    private static int ssl_tlsext_ticket_key_cb(nint s, byte* key_name, byte* iv, nint ctx, nint hctx, int enc)
    {
        ManPageKey? key;
        if (enc != 0)
        { /* create new session */
            if (RAND_bytes(iv, EVP_MAX_IV_LENGTH) != 0)
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

            if (key.Expire < (now() - RENEW_TIME))
            {
                /* return 2 - this session will get a new ticket even though the current is still valid */
                return 2;
            }

            return 1;
        }
    }

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
}
