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
}
