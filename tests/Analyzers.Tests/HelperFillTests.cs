using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using TicketKeys.Analyzers.Rules;
using TicketKeys.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TicketKeys.Analyzers.Tests;

/// <summary>
/// TKP003 and TKP011 follow CSPRNG fills into helpers declared in another file of the compilation (read as syntax), into
/// wrappers that return RAND_bytes' result, helpers of helpers, and lambdas or methods a helper invokes with the buffer.
/// The same helpers when they fill nothing, another buffer, too few bytes, or only on some paths still raise TKP003.
/// </summary>
public sealed class HelperFillTests
{
    private const string Helpers = """
        using System;
        using System.Security.Cryptography;
        using static Native;

        public unsafe delegate void BufferAction(byte* buffer);

        static unsafe class Random
        {
            private static BufferAction? s_pending;

            public static void FillIv(byte* iv) => RandomNumberGenerator.Fill(new Span<byte>(iv, 16));

            public static int RandIv(byte* iv) => RAND_bytes(iv, 16);

            public static int Renamed(byte* buffer, int count) => FillRandom(buffer, count);

            public static void Populate(byte* field, int length)
            {
                if (RAND_bytes(field, length) != 1)
                {
                    throw new CryptographicException("RAND_bytes");
                }
            }

            public static void ThroughPopulate(byte* iv) => Populate(iv, Sizes.Iv);

            public static void FillSpan(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

            public static void FillArray(byte[] buffer)
            {
                using var rng = RandomNumberGenerator.Create();
                rng.GetBytes(buffer);
            }

            public static void WithBuffer(byte* buffer, BufferAction action) => action(buffer);

            public static void Run(Action action) => action();

            public static void FillWhole(byte* buffer) => RandomNumberGenerator.Fill(new Span<byte>(buffer, 16));

            public static void FillShort(byte* iv) => RandomNumberGenerator.Fill(new Span<byte>(iv, 8));

            public static void FillFirst(byte* first, byte* second) => RandomNumberGenerator.Fill(new Span<byte>(first, 16));

            public static void FillSometimes(byte* iv, bool fill)
            {
                if (fill)
                {
                    RandomNumberGenerator.Fill(new Span<byte>(iv, 16));
                }
            }

            public static void FillUnlessSkipped(byte* iv, bool skip)
            {
                if (skip)
                {
                    return;
                }

                RandomNumberGenerator.Fill(new Span<byte>(iv, 16));
            }

            public static void FillLater(byte* buffer, BufferAction action) => s_pending = action;

            public static void Log(byte* iv) => Console.WriteLine((nint)iv);
        }

        static class Sizes
        {
            public const int Iv = 16;
        }
        """;

    private const string Header = """
        using System;
        using System.Runtime.InteropServices;
        using System.Security.Cryptography;
        using static Native;

        static unsafe class Callbacks
        {
            static byte* Key = null;

        """;

    [Fact]
    public Task Ivs_filled_by_helpers_of_another_file_are_silent() => VerifyAsync<MissingIvRandomnessAnalyzer>(Header + """
            [UnmanagedCallersOnly]
            static int SpanHelper(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Random.FillIv(iv);
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 1;
            }

            [UnmanagedCallersOnly]
            static int WrapperReturningTheResult(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                if (Random.RandIv(iv) != 1) return -1;
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 1;
            }

            [UnmanagedCallersOnly]
            static int WrapperOfARenamedBinding(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                if (Random.Renamed(iv, 16) != 1) return -1;
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 1;
            }

            [UnmanagedCallersOnly]
            static int HelperOfAHelper(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Random.ThroughPopulate(iv);
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 1;
            }

            [UnmanagedCallersOnly]
            static int LengthArgument(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Random.Populate(iv, 16);
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 1;
            }

            [UnmanagedCallersOnly]
            static int SpanAndArrayHelpers(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Random.FillSpan(new Span<byte>(iv, 16));
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                byte[] fresh = new byte[16];
                Random.FillArray(fresh);
                fixed (byte* p = fresh)
                {
                    EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, p);
                }

                return 1;
            }

            [UnmanagedCallersOnly]
            static int LambdaGivenTheBuffer(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Random.WithBuffer(iv, p => RandomNumberGenerator.Fill(new Span<byte>(p, 16)));
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 1;
            }

            [UnmanagedCallersOnly]
            static int MethodGroupGivenTheBuffer(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Random.WithBuffer(iv, Random.FillWhole);
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 1;
            }

            [UnmanagedCallersOnly]
            static int LambdaCapturingTheIv(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Random.Run(() => RandomNumberGenerator.Fill(new Span<byte>(iv, 16)));
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 1;
            }
        }
        """);

    [Fact]
    public Task Helpers_of_another_file_that_do_not_fill_the_whole_iv_are_reported() => VerifyAsync<MissingIvRandomnessAnalyzer>(Header + """
            [UnmanagedCallersOnly]
            static int FillsTheName(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Random.FillFirst(keyName, iv);
                if (Random.RandIv(keyName) != 1) return -1;
                {|TKP003:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                return 1;
            }

            [UnmanagedCallersOnly]
            static int FillsNothing(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Random.Log(iv);
                Random.FillLater(iv, p => RandomNumberGenerator.Fill(new Span<byte>(p, 16)));
                {|TKP003:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                return 1;
            }

            [UnmanagedCallersOnly]
            static int FillsOnlySometimes(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Random.FillSometimes(iv, keyName[0] == 0);
                Random.FillUnlessSkipped(iv, keyName[1] == 0);
                {|TKP003:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                return 1;
            }

            [UnmanagedCallersOnly]
            static int FillsTooFewBytes(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Random.FillShort(iv);
                {|TKP003:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                return 1;
            }

            [UnmanagedCallersOnly]
            static int PassesTooFewBytes(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Random.Populate(iv, 8);
                if (Random.Renamed(iv, 4) != 1) return -1;
                Random.WithBuffer(iv, p => RandomNumberGenerator.Fill(new Span<byte>(p, 8)));
                {|TKP003:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                return 1;
            }
        }
        """);

    [Fact]
    public Task Key_names_filled_by_helpers_of_another_file_are_measured() => VerifyAsync<KeyNameLengthAnalyzer>(Header + """
            [UnmanagedCallersOnly]
            static int Names(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Random.FillWhole(keyName);
                {|TKP011:Random.FillShort(keyName)|};
                {|TKP011:Random.Populate(keyName, 12)|};
                return 1;
            }
        }
        """);

    [Fact]
    public Task A_correct_callback_filling_through_another_file_raises_nothing() => AllAnalyzersVerifier.VerifyFilesAsync(("Callbacks.cs", """
        using System;
        using System.Runtime.InteropServices;
        using static Native;

        sealed unsafe class RawKey
        {
            public byte* Name;
            public byte* Aes;
            public byte* Hmac;
            public DateTimeOffset NotBefore;
            public DateTimeOffset NotAfter;
        }

        static unsafe class Callbacks
        {
            static RawKey s_key = new();

            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                try
                {
                    DateTimeOffset now = DateTimeOffset.UtcNow;
                    RawKey key = s_key;
                    if (key.NotBefore > now || key.NotAfter <= now) return 0;
                    if (enc == 1)
                    {
                        new ReadOnlySpan<byte>(key.Name, 16).CopyTo(new Span<byte>(keyName, 16));
                        if (Random.RandIv(iv) != 1) return -1;
                        if (EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, key.Aes, iv) != 1) return -1;
                        if (HMAC_Init_ex(hctx, key.Hmac, 32, EVP_sha256(), 0) != 1) return -1;
                        return 1;
                    }

                    if (HMAC_Init_ex(hctx, key.Hmac, 32, EVP_sha256(), 0) != 1) return -1;
                    if (EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), 0, key.Aes, iv) != 1) return -1;
                    return 1;
                }
                catch (Exception)
                {
                    return -1;
                }
            }
        }
        """), ("Helpers.cs", Helpers));

    private static Task VerifyAsync<TAnalyzer>(string callbacks)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new AnalyzerVerifier<TAnalyzer>.Test();
        test.TestState.Sources.Add(("Callbacks.cs", callbacks));
        test.TestState.Sources.Add(("Helpers.cs", Helpers));
        test.TestState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }
}
