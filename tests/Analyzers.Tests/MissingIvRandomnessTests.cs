using System.Threading.Tasks;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.MissingIvRandomnessAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

public sealed class MissingIvRandomnessTests
{
    private const string Header = """
        using System;
        using System.Runtime.InteropServices;
        using System.Security.Cryptography;
        using static Native;

        static unsafe class Callbacks
        {
            static byte* Key = null;
            static readonly byte[] FixedIv = new byte[16];
            static readonly Random Rng = new();
            static long s_counter;

        """;

    [Fact]
    public Task Iv_never_filled_is_reported() => Verify.VerifyAsync(Header + """
            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1)
                {
                    {|TKP003:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                    return 1;
                }

                EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 1;
            }
        }
        """);

    [Fact]
    public Task Iv_filled_on_one_branch_only_is_reported() => Verify.VerifyAsync(Header + """
            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0)
                {
                    return 0;
                }

                if (keyName[0] == 0)
                {
                    RandomNumberGenerator.Fill(new Span<byte>(iv, 16));
                }

                {|TKP003:EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv, enc)|};
                return 1;
            }
        }
        """);

    [Fact]
    public Task Weak_sources_are_reported() => Verify.VerifyAsync(Header + """
            [UnmanagedCallersOnly]
            static int FromRandom(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 1) return 0;
                Rng.NextBytes(new Span<byte>(iv, 16));
                {|TKP003:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                return 1;
            }

            [UnmanagedCallersOnly]
            static int FromStaticArray(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 1) return 0;
                Marshal.Copy(FixedIv, 0, (IntPtr)iv, 16);
                {|TKP003:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                return 1;
            }

            [UnmanagedCallersOnly]
            static int FromCounter(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 1) return 0;
                *(long*)iv = ++s_counter;
                {|TKP003:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                return 1;
            }

            [UnmanagedCallersOnly]
            static int StaticIvArgument(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 1) return 0;
                fixed (byte* constantIv = FixedIv)
                {
                    {|TKP003:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, constantIv)|};
                }

                return 1;
            }

            [UnmanagedCallersOnly]
            static int NullIv(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 1) return 0;
                {|TKP003:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, null)|};
                return 1;
            }
        }
        """);

    [Fact]
    public Task Csprng_fills_in_several_spellings_are_silent() => Verify.VerifyAsync(Header + """
            [UnmanagedCallersOnly]
            static int RandBytesChecked(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1)
                {
                    if (RAND_bytes(iv, 16) != 1) return -1;
                    EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                    return 1;
                }

                EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 1;
            }

            [UnmanagedCallersOnly]
            static int WrapperByEntryPoint(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                if (FillRandom(iv, 16) != 1) return -1;
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 1;
            }

            [UnmanagedCallersOnly]
            static int SpanFill(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                var ivSpan = new Span<byte>(iv, 16);
                RandomNumberGenerator.Fill(ivSpan);
                EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv, 1);
                return 1;
            }

            [UnmanagedCallersOnly]
            static int CopiedFromFreshBytes(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                byte[] fresh = RandomNumberGenerator.GetBytes(16);
                Marshal.Copy(fresh, 0, (IntPtr)iv, 16);
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 1;
            }

            [UnmanagedCallersOnly]
            static int DecryptOnlyUsesTicketIv(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1) return 0;
                EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv, enc);
                return 1;
            }
        }
        """);

    [Fact]
    public Task Iv_filled_by_a_helper_or_a_local_function_is_silent() => Verify.VerifyAsync(Header + """
            static void PopulateRandom(byte* field, int length)
            {
                if (RAND_bytes(field, length) != 1) Environment.FailFast("RAND_bytes");
            }

            [UnmanagedCallersOnly]
            static int ThroughAHelper(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                PopulateRandom(iv, 16);
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 1;
            }

            [UnmanagedCallersOnly]
            static int ThroughALocalFunction(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                FillIv();
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 1;

                void FillIv() => RandomNumberGenerator.Fill(new Span<byte>(iv, 16));
            }
        }
        """);

    [Fact]
    public Task A_helper_that_fills_another_buffer_or_nothing_is_reported() => Verify.VerifyAsync(Header + """
            static void FillFirst(byte* first, byte* second) => RandomNumberGenerator.Fill(new Span<byte>(first, 16));

            static void Log(byte* field) => Console.WriteLine((nint)field);

            [UnmanagedCallersOnly]
            static int FillsTheName(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                FillFirst(keyName, iv);
                {|TKP003:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                return 1;
            }

            [UnmanagedCallersOnly]
            static int FillsNothing(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Log(iv);
                {|TKP003:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                return 1;
            }
        }
        """);
}
