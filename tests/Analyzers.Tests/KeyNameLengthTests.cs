using System.Threading.Tasks;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.KeyNameLengthAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

public sealed class KeyNameLengthTests
{
    [Fact]
    public Task Writes_of_other_lengths_are_reported() => Verify.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;

        static unsafe class Callbacks
        {
            static byte[] s_name = new byte[16];
            static byte[] s_shortName = new byte[8];

            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                {|TKP011:Marshal.Copy(s_name, 0, (IntPtr)keyName, 8)|};
                {|TKP011:s_name.AsSpan().CopyTo(new Span<byte>(keyName, 32))|};
                {|TKP011:Buffer.MemoryCopy(iv, keyName, 16, 20)|};
                {|TKP011:new byte[12].CopyTo(new Span<byte>(keyName, 16))|};
                return 1;
            }
        }
        """);

    [Fact]
    public Task Sixteen_byte_writes_and_decrypt_path_reads_are_silent() => Verify.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;

        static unsafe class Callbacks
        {
            static byte[] s_name = new byte[16];

            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1)
                {
                    Marshal.Copy(s_name, 0, (IntPtr)keyName, 16);
                    s_name.AsSpan().CopyTo(new Span<byte>(keyName, 16));
                    return 1;
                }

                new Span<byte>(keyName, 16).CopyTo(new byte[32]);
                return 1;
            }
        }
        """);

    [Fact]
    public Task A_name_and_a_salt_that_fill_16_bytes_together_are_silent() => Verify.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;
        using static Native;

        static unsafe class Callbacks
        {
            static byte[] s_name = new byte[4];

            static void PopulateRandom(byte* field, int length)
            {
                if (RAND_bytes(field, length) != 1) Environment.FailFast("RAND_bytes");
            }

            [UnmanagedCallersOnly]
            static int Inline(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Marshal.Copy(s_name, 0, (IntPtr)keyName, 4);
                if (RAND_bytes(keyName + 4, 12) != 1) return -1;
                return 1;
            }

            [UnmanagedCallersOnly]
            static int ThroughAHelper(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Marshal.Copy(s_name, 0, (IntPtr)keyName, 4);
                byte* salt = keyName + 4;
                PopulateRandom(salt, 12);
                return 1;
            }
        }
        """);

    [Fact]
    public Task A_short_name_without_the_rest_or_a_salt_past_the_end_is_reported() => Verify.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;
        using static Native;

        static unsafe class Callbacks
        {
            static byte[] s_name = new byte[4];

            [UnmanagedCallersOnly]
            static int ShortName(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                {|TKP011:Marshal.Copy(s_name, 0, (IntPtr)keyName, 4)|};
                if (RAND_bytes(keyName + 8, 8) != 1) return -1;
                return 1;
            }

            [UnmanagedCallersOnly]
            static int SaltPastTheEnd(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Marshal.Copy(s_name, 0, (IntPtr)keyName, 4);
                if ({|TKP011:RAND_bytes(keyName + 4, 16)|} != 1) return -1;
                return 1;
            }
        }
        """);
}
