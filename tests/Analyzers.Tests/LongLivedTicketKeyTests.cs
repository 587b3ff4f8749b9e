using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.LongLivedTicketKeyAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

public sealed class LongLivedTicketKeyTests
{
    [Fact]
    public Task Callback_encrypting_with_a_readonly_key_is_reported() => Verify.VerifyAsync("""
        using System;
        using System.IO;
        using System.Runtime.InteropServices;
        using static Native;

        static unsafe class Callbacks
        {
            static readonly byte[] s_aes = File.ReadAllBytes("/etc/ticket.key");

            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                fixed (byte* aes = s_aes)
                {
                    EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), 0, {|#0:aes|}, iv, enc);
                }

                return 1;
            }
        }
        """,
        new DiagnosticResult("TKP012", DiagnosticSeverity.Info).WithLocation(0)
            .WithMessage("The ticket key in static readonly field 's_aes' (initialised from 'File.ReadAllBytes(\"/etc/ticket.key\")') is loaded once from a file and never reloaded: rotate keys (a new one every few hours, each accepted for at most 7 days)"));

    [Fact]
    public Task Provider_with_a_fixed_key_and_long_lifetimes_are_reported() => Verify.VerifyAsync("""
        using System;
        using TicketKeys;

        [TicketKeyProvider]
        sealed partial class Fixed
        {
            private readonly TicketKey _key = TicketKey.Generate(TicketKeyWindow.Unbounded);

            [EncryptionKey] TicketKey? Current() => {|TKP012:_key|};
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => TicketKeyLookup.UnknownKey;
        }

        static class Windows
        {
            static TicketKeyWindow Month(DateTimeOffset now) => new(now, now.AddDays(1), {|TKP012:now.AddDays(30)|});
            static TicketKeyRotationPolicy Policy() => new(TimeSpan.FromHours(12), {|TKP012:TimeSpan.FromDays(8)|});
        }
        """);

    [Fact]
    public Task Rotating_keys_and_short_lifetimes_are_silent() => Verify.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;
        using TicketKeys;
        using static Native;

        [TicketKeyProvider]
        sealed partial class Rotating(TicketKeyRing ring)
        {
            [EncryptionKey] TicketKey? Current() => ring.GetEncryptionKey();
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => ring.Find(name);
        }

        static unsafe class Callbacks
        {
            static byte[] s_aes = new byte[32];

            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                fixed (byte* aes = s_aes)
                {
                    EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), 0, aes, iv, enc);
                }

                return 1;
            }

            static TicketKeyWindow Day(DateTimeOffset now) => new(now, now.AddHours(12), now.AddDays(1.5));
            static TicketKeyRotationPolicy Policy() => new(TimeSpan.FromHours(12), TimeSpan.FromDays(7));
        }
        """);
}
