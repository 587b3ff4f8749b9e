using System.Threading.Tasks;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.MismatchedKeyStrengthAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

public sealed class MismatchedKeyStrengthTests
{
    [Fact]
    public Task Key_lengths_that_do_not_match_the_cipher_are_reported() => Verify.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;
        using static Native;

        static unsafe class Callbacks
        {
            static readonly byte[] Aes128 = new byte[16];

            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                byte* aes32 = stackalloc byte[32];
                byte* hmac = stackalloc byte[32];
                if (enc == 1)
                {
                    fixed (byte* aes = Aes128)
                    {
                        EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, {|TKP007:aes|}, iv);
                    }

                    HMAC_Init_ex(hctx, hmac, {|TKP007:16|}, EVP_sha256(), 0);
                    return 1;
                }

                nint cipher = EVP_aes_128_cbc();
                EVP_DecryptInit_ex(ctx, cipher, 0, {|TKP007:aes32|}, iv);
                HMAC_Init_ex(hctx, hmac, 32, EVP_sha256(), 0);
                return 1;
            }
        }
        """);

    [Fact]
    public Task Matching_lengths_are_silent() => Verify.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;
        using static Native;

        static unsafe class Callbacks
        {
            [UnmanagedCallersOnly]
            static int ManPageStrength(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                byte* aes = stackalloc byte[16];
                byte* hmac = stackalloc byte[16];
                EVP_CipherInit_ex(ctx, EVP_aes_128_cbc(), 0, aes, iv, enc);
                HMAC_Init_ex(hctx, hmac, 16, EVP_sha256(), 0);
                return 1;
            }

            [UnmanagedCallersOnly]
            static int Aes256(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                byte* aes = stackalloc byte[32];
                EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), 0, aes, iv, enc);
                HMAC_Init_ex(hctx, aes, 48, EVP_sha256(), 0);
                return 1;
            }
        }
        """);

    [Fact]
    public Task Runtime_key_factories_with_a_short_hmac_key_are_reported() => Verify.VerifyAsync("""
        using System;
        using TicketKeys;

        static class Keys
        {
            static TicketKey Generated() => TicketKey.Generate(TicketKeyWindow.Unbounded, TicketCipher.Aes256Cbc, {|TKP007:16|});
            static TicketKey DefaultCipher() => TicketKey.Generate(TicketKeyWindow.Unbounded, hmacKeyLength: {|TKP007:24|});
            static TicketKey Fine128() => TicketKey.Generate(TicketKeyWindow.Unbounded, TicketCipher.Aes128Cbc, 16);
            static TicketKey Fine256() => TicketKey.Generate(TicketKeyWindow.Unbounded);

            static TicketKey Created(byte[] name, byte[] random) =>
                TicketKey.Create(name, random.AsSpan(0, 32), {|TKP007:random.AsSpan(0, 16)|}, TicketKeyWindow.Unbounded);

            static TicketKey OddAes(byte[] name, byte[] random) =>
                TicketKey.Create(name, {|TKP007:random.AsSpan(0, 24)|}, random, TicketKeyWindow.Unbounded);

            static readonly byte[] NginxFile = new byte[80];

            // Ranges of a buffer of known length: name | HMAC (32) | AES-256 (32), as nginx lays out 80-byte files.
            static TicketKey FromNginxLayout() =>
                TicketKey.Create(NginxFile[..16], NginxFile[48..], NginxFile[16..48], TicketKeyWindow.Unbounded);

            static TicketKey FromEndRanges() =>
                TicketKey.Create(NginxFile[..16], NginxFile[^32..], NginxFile[^64..^32], TicketKeyWindow.Unbounded);

            static TicketKey SlicedTooShort() =>
                TicketKey.Create(NginxFile[..16], {|TKP007:NginxFile[16..40]|}, NginxFile[48..80], TicketKeyWindow.Unbounded);

            static TicketKey ShortHmacRange(Span<byte> file) =>
                TicketKey.Create(file[..16], NginxFile[48..80], {|TKP007:NginxFile[16..30]|}, TicketKeyWindow.Unbounded);
        }
        """);

    [Fact]
    public Task Keys_weaker_than_the_provider_s_declared_strength_are_reported() => Verify.VerifyAsync("""
        using System;
        using TicketKeys;

        [TicketKeyProvider(MinimumKeyBits = 256)]
        partial class StrongKeys
        {
            private TicketKey _current = {|TKP007:TicketKey.Generate(TicketKeyWindow.Unbounded, TicketCipher.Aes128Cbc, 16)|};
            private readonly TicketKey _fine = TicketKey.Generate(TicketKeyWindow.Unbounded);
            private readonly TicketKey _alsoFine = TicketKey.Generate(TicketKeyWindow.Unbounded, TicketCipher.Aes256Cbc, 64);

            private static TicketKey Imported(byte[] name, byte[] random) =>
                {|TKP007:TicketKey.Create(name, random.AsSpan(0, 16), random.AsSpan(0, 32), TicketKeyWindow.Unbounded)|};

            [EncryptionKey] private TicketKey? Current() => _current;
            [DecryptionKey] private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => TicketKeyLookup.UnknownKey;
        }

        [TicketKeyProvider]
        partial class AnyStrengthKeys
        {
            private readonly TicketKey _current = TicketKey.Generate(TicketKeyWindow.Unbounded, TicketCipher.Aes128Cbc, 16);

            [EncryptionKey] private TicketKey? Current() => _current;
            [DecryptionKey] private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => TicketKeyLookup.UnknownKey;
        }

        [TicketKeyProvider(MinimumKeyBits = 128)]
        partial class ModestKeys
        {
            private readonly TicketKey _current = TicketKey.Generate(TicketKeyWindow.Unbounded, TicketCipher.Aes128Cbc, 16);

            [EncryptionKey] private TicketKey? Current() => _current;
            [DecryptionKey] private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => TicketKeyLookup.UnknownKey;
        }
        """);
}
