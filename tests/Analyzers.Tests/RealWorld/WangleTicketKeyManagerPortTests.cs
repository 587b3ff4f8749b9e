using System.Threading.Tasks;
using TicketKeys.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TicketKeys.Analyzers.Tests.RealWorld;

/// <summary>
/// wangle's <c>TLSTicketKeyManager</c> (facebook/wangle wangle/ssl/TLSTicketKeyManager.cpp at
/// 63199ba851bdba623ba5a503f5b23391e23a53cb): keys derived from seeds (old, current, new) by SHA-256, a 4-byte key name
/// followed by a 12-byte random salt in key_name, per-ticket AES-128 and 16-byte HMAC keys derived from the seed key and
/// the salt, a random fallback key when no seed is current, renewal of TLS 1.3 tickets under the current key. Ported with
/// the same control flow, behind a static trampoline (folly's SSLContext registers a static function that finds the
/// manager and calls <c>ticketCallback</c>).
/// Must raise: TKP010 on the trampoline (nothing catches).
/// Must not raise: TKP004 (populateRandom checks RAND_bytes with WANGLE_CHECK_EQ, here FailFast), TKP008 (seeds come
/// from configuration; the fallback seed from RAND_bytes), TKP011: the 4-byte memcpy into key_name is followed by the
/// 12-byte salt at key_name + 4, 16 bytes in all.
/// Not seen (a documented gap): ticketCallback hands each direction to encryptCallback/decryptCallback, which the rules
/// do not follow; ticketCallback itself has the callback's shape but is neither registered nor [UnmanagedCallersOnly].
/// </summary>
public sealed class WangleTicketKeyManagerPortTests
{
    [Fact]
    public Task Wangle_ticket_key_manager_raises_only_TKP010() => AllAnalyzersVerifier.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using System.Security.Cryptography;
        using static Native;
        using static WangleNative;

        internal static unsafe class WangleNative
        {
            [DllImport("libssl.so.3")] public static extern nint SSL_get_SSL_CTX(nint ssl);
            [DllImport("libssl.so.3")] public static extern nint SSL_CTX_get_ex_data(nint ctx, int idx);
            [DllImport("libssl.so.3")] public static extern int SSL_version(nint ssl);
            [DllImport("libc")] public static extern int memcmp(byte* a, byte* b, nuint n);
            [DllImport("libc")] public static extern void* memcpy(byte* dst, byte* src, nuint n);
        }

        internal enum TLSTicketSeedType { SEED_OLD, SEED_CURRENT, SEED_NEW }

        internal sealed unsafe class TLSTicketKeyManager
        {
            private const int kTLSTicketKeyNameLen = 4;
            private const int kTLSTicketKeySaltLen = 12;
            private const int SHA256_DIGEST_LENGTH = 32;
            private const int AES_BLOCK_SIZE = 16;
            private const int TLS1_3_VERSION = 0x0304;

            private readonly Dictionary<string, TLSTicketKey> ticketKeyMap_ = new();
            private readonly TLSTicketKey fallbackTicketKey_ = new(generateRandomTicketSeed(), TLSTicketSeedType.SEED_CURRENT);
            private byte[] encryptionKeyName_ = Array.Empty<byte>();
            private bool renewTicketsOnResume_ = true;

            internal sealed class TLSTicketKey
            {
                public TLSTicketKey(byte[] seed, TLSTicketSeedType type)
                {
                    keyValue_ = SHA256.HashData(seed);
                    name_ = computeName();
                }

                public byte[] keyValue_ { get; }

                public byte[] name_ { get; }

                // SHA-256 of the key value and the constant 1; the first 4 bytes are the name.
                private byte[] computeName()
                {
                    byte[] input = new byte[keyValue_.Length + 4];
                    keyValue_.CopyTo(input, 0);
                    BitConverter.GetBytes(1).CopyTo(input, keyValue_.Length);
                    return SHA256.HashData(input).AsSpan(0, kTLSTicketKeyNameLen).ToArray();
                }
            }

            private static byte[] generateRandomTicketSeed() => RandomNumberGenerator.GetBytes(32); // folly::Random::secureRandom

            private static void populateRandom(byte* field, int len)
            {
                if (RAND_bytes(field, len) != 1)
                {
                    Environment.FailFast("WANGLE_CHECK_EQ(RAND_bytes(field, len), 1)");
                }
            }

            private static void saltKey(byte[] baseKey, byte* salt, byte* output)
            {
                byte[] input = new byte[baseKey.Length + kTLSTicketKeySaltLen];
                baseKey.CopyTo(input, 0);
                new ReadOnlySpan<byte>(salt, kTLSTicketKeySaltLen).CopyTo(input.AsSpan(baseKey.Length));
                SHA256.HashData(input).CopyTo(new Span<byte>(output, SHA256_DIGEST_LENGTH));
            }

            public bool insertSeed(byte[] seed, TLSTicketSeedType type)
            {
                var ticketKey = new TLSTicketKey(seed, type);
                ticketKeyMap_[Convert.ToHexString(ticketKey.name_)] = ticketKey;
                if (type == TLSTicketSeedType.SEED_CURRENT)
                {
                    encryptionKeyName_ = ticketKey.name_;
                }

                return true;
            }

            private TLSTicketKey? findDecryptionKey(byte[] keyName) =>
                ticketKeyMap_.TryGetValue(Convert.ToHexString(keyName), out TLSTicketKey? key) ? key : null;

            private TLSTicketKey? findEncryptionKey() => findDecryptionKey(encryptionKeyName_);

            public int ticketCallback(nint ssl, byte* keyName, byte* iv, nint cipherCtx, nint hmacCtx, int encrypt)
            {
                int result;
                if (encrypt != 0)
                {
                    result = encryptCallback(keyName, iv, cipherCtx, hmacCtx);
                    if (result == 0)
                    {
                        return result;
                    }
                }
                else
                {
                    result = decryptCallback(keyName, iv, cipherCtx, hmacCtx);
                    fixed (byte* current = encryptionKeyName_)
                    {
                        if (result == 1 && renewTicketsOnResume_ && ssl != 0 && SSL_version(ssl) == TLS1_3_VERSION
                            && encryptionKeyName_.Length >= kTLSTicketKeyNameLen && memcmp(keyName, current, kTLSTicketKeyNameLen) == 0)
                        {
                            result = 2;
                        }
                    }
                }

                return result;
            }

            private int encryptCallback(byte* keyName, byte* iv, nint cipherCtx, nint hmacCtx)
            {
                TLSTicketKey key = findEncryptionKey() ?? fallbackTicketKey_; // an un-resumable fallback ticket
                fixed (byte* name = encryptionKeyName_)
                {
                    memcpy(keyName, name, kTLSTicketKeyNameLen);
                }

                byte* salt = keyName + kTLSTicketKeyNameLen;
                populateRandom(salt, kTLSTicketKeySaltLen);

                // The first 16 bytes of the salted hash are the HMAC key, the second 16 bytes the AES key.
                byte* output = stackalloc byte[SHA256_DIGEST_LENGTH];
                saltKey(key.keyValue_, salt, output);
                byte* hmacKey = output;
                byte* aesKey = output + SHA256_DIGEST_LENGTH / 2;

                populateRandom(iv, AES_BLOCK_SIZE);
                HMAC_Init_ex(hmacCtx, hmacKey, SHA256_DIGEST_LENGTH / 2, EVP_sha256(), 0);
                EVP_EncryptInit_ex(cipherCtx, EVP_aes_128_cbc(), 0, aesKey, iv);

                return 1;
            }

            private int decryptCallback(byte* keyName, byte* iv, nint cipherCtx, nint hmacCtx)
            {
                TLSTicketKey? key = findDecryptionKey(new ReadOnlySpan<byte>(keyName, kTLSTicketKeyNameLen).ToArray());
                if (key == null)
                {
                    return 0; // no ticket found for decryption - will issue a new ticket
                }

                byte* saltptr = keyName + kTLSTicketKeyNameLen;
                byte* output = stackalloc byte[SHA256_DIGEST_LENGTH];
                saltKey(key.keyValue_, saltptr, output);
                byte* hmacKey = output;
                byte* aesKey = output + SHA256_DIGEST_LENGTH / 2;

                HMAC_Init_ex(hmacCtx, hmacKey, SHA256_DIGEST_LENGTH / 2, EVP_sha256(), 0);
                EVP_DecryptInit_ex(cipherCtx, EVP_aes_128_cbc(), 0, aesKey, iv);

                return 1;
            }
        }

        internal static unsafe class WangleSslContext
        {
            internal static int s_ticketHandlerIndex;

            public static void setTicketHandler(nint ctx) => SSL_CTX_set_tlsext_ticket_key_cb(ctx, &callback);

            [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
            private static int {|TKP010:callback|}(nint ssl, byte* keyName, byte* iv, nint cipherCtx, nint hmacCtx, int encrypt)
            {
                var manager = (TLSTicketKeyManager)GCHandle.FromIntPtr(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), s_ticketHandlerIndex)).Target!;
                return manager.ticketCallback(ssl, keyName, iv, cipherCtx, hmacCtx, encrypt);
            }
        }
        """);
}
