using System.Threading.Tasks;
using TicketKeys.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TicketKeys.Analyzers.Tests.RealWorld;

/// <summary>
/// Shapes met in the false-positive sweep (openssl-net/openssl-net at 899a40d7f0e98969f36909c852ca59f4e48b35bc and
/// Azure/DotNetty at 78c5757062a9eb62e2aab2bbb35d3983710f9651, run with tests/AnalyzerSweep) that look like ticket
/// callbacks or CSPRNG checks but are not: every analyzer must stay silent on them.
/// </summary>
public sealed class SweepShapesTests
{
    [Fact]
    public Task Callback_shaped_code_that_is_not_a_ticket_callback_is_silent() => AllAnalyzersVerifier.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;
        using static Native;

        internal static unsafe class Bindings
        {
            // openssl-net Native.cs: six parameters ending in an int, as bindings rather than callbacks.
            [DllImport("libcrypto.so.3", EntryPoint = "EVP_CipherInit_ex")]
            public static extern int CipherInit(nint ctx, nint type, nint impl, byte* key, byte* iv, int enc);

            [DllImport("libcrypto.so.3")]
            public static extern int EC_POINT_mul(nint group, nint r, nint n, nint q, nint m, nint ctx);

            // An int method with five pointer parameters and an int last parameter that nothing registers as a ticket
            // callback: a cipher wrapper whose IV is the caller's business and whose 5 is a byte count.
            public static int EncryptWith(nint ctx, nint cipher, nint engine, byte* key, byte* iv, int ivLength)
            {
                if (EVP_EncryptInit_ex(ctx, cipher, engine, key, iv) != 1)
                {
                    return 5;
                }

                return ivLength;
            }

            // openssl-net Random.cs: the result handed to a checker, not dropped.
            public static void Bytes(byte* buffer, int length) => ExpectSuccess(RAND_bytes(buffer, length));

            private static void ExpectSuccess(int result)
            {
                if (result <= 0)
                {
                    throw new InvalidOperationException("RAND_bytes failed");
                }
            }

            // A delegate of the callback's shape, registered with another OpenSSL setter.
            public delegate int CipherInitCallback(nint ctx, nint key, nint iv, nint engine, nint impl, int enc);

            private static readonly CipherInitCallback s_init = (ctx, key, iv, engine, impl, enc) => 7;

            [DllImport("libcrypto.so.3")]
            public static extern int EVP_CIPHER_meth_set_init(nint cipher, nint init);

            public static void Install(nint cipher) => EVP_CIPHER_meth_set_init(cipher, Marshal.GetFunctionPointerForDelegate(s_init));
        }
        """);
}
