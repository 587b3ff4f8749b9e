using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using TicketKeys.Analyzers.Rules;
using TicketKeys.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TicketKeys.Analyzers.Tests;

/// <summary>
/// TKP007 and TKP011 know a buffer's length from a small helper's result (<c>new byte[KeyLength()]</c>,
/// <c>stackalloc byte[Lengths.Name()]</c>) and from field initialisers and helpers declared in another file.
/// </summary>
public sealed class HelperLengthTests
{
    private const string Lengths = """
        static class Lengths
        {
            public const int Block = 16;
            public static int Aes128() => Block;
            public static int Name() { int bytes = 2 * 4; return bytes; }
            public static int FullName => 16;
        }

        static class Keys
        {
            public static readonly byte[] ShortHmac = new byte[Lengths.Block];
            public static readonly byte[] Hmac = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            public static byte[] ShortName = new byte[12];
            public static byte[] Name = new byte[Lengths.FullName];
            public static byte[] NewAes128() { byte[] key = new byte[Lengths.Aes128()]; return key; }
        }
        """;

    [Fact]
    public Task Aes_keys_sized_by_helpers_are_checked_against_the_cipher() => VerifyAsync<MismatchedKeyStrengthAnalyzer>("""
        using System.Runtime.InteropServices;
        using static Native;

        static unsafe class Callbacks
        {
            static int KeyLength() => 32;

            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                byte* small = stackalloc byte[Lengths.Aes128()];
                byte* large = stackalloc byte[KeyLength()];
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, {|TKP007:small|}, iv);
                EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), 0, {|TKP007:large|}, iv);
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, large, iv);
                byte[] fresh = Keys.NewAes128();
                fixed (byte* aes = fresh)
                {
                    EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, {|TKP007:aes|}, iv);
                    EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), 0, aes, iv);
                }

                return 1;
            }
        }
        """);

    [Fact]
    public Task Hmac_keys_declared_in_another_file_are_checked_against_the_aes_key() => VerifyAsync<MismatchedKeyStrengthAnalyzer>("""
        using System.Runtime.InteropServices;
        using static Native;

        static unsafe class Callbacks
        {
            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                byte* aes = stackalloc byte[32];
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, aes, iv);
                fixed (byte* shortHmac = Keys.ShortHmac)
                fixed (byte* hmac = Keys.Hmac)
                {
                    HMAC_Init_ex(hctx, shortHmac, {|TKP007:Keys.ShortHmac.Length|}, EVP_sha256(), 0);
                    HMAC_Init_ex(hctx, hmac, Keys.Hmac.Length, EVP_sha256(), 0);
                }

                return 1;
            }
        }
        """);

    [Fact]
    public Task Key_names_sized_by_helpers_or_other_files_are_checked() => VerifyAsync<KeyNameLengthAnalyzer>("""
        using System;
        using System.Runtime.InteropServices;

        static unsafe class Callbacks
        {
            [UnmanagedCallersOnly]
            static int Short(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                {|TKP011:Marshal.Copy(Keys.Name, 0, (IntPtr)keyName, Lengths.Name())|};
                {|TKP011:Keys.ShortName.CopyTo(new Span<byte>(keyName, 16))|};
                return 1;
            }

            [UnmanagedCallersOnly]
            static int Full(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Marshal.Copy(Keys.Name, 0, (IntPtr)keyName, Lengths.FullName);
                Keys.Name.CopyTo(new Span<byte>(keyName, Lengths.Block));
                Span<byte> name = stackalloc byte[Lengths.FullName];
                name.CopyTo(new Span<byte>(keyName, 16));
                return 1;
            }
        }
        """);

    private static Task VerifyAsync<TAnalyzer>(string callbacks)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new AnalyzerVerifier<TAnalyzer>.Test();
        test.TestState.Sources.Add(("Callbacks.cs", callbacks));
        test.TestState.Sources.Add(("Lengths.cs", Lengths));
        test.TestState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }
}
