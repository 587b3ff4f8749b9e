using System.Threading.Tasks;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.CsprngResultUncheckedAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

public sealed class CsprngResultUncheckedTests
{
    [Fact]
    public Task Dropped_results_are_reported() => Verify.VerifyAsync("""
        using System.Runtime.InteropServices;
        using static Native;

        static unsafe class Keys
        {
            static int Dropped(byte* iv)
            {
                {|TKP004:RAND_bytes(iv, 16)|};
                return 1;
            }

            static void Discarded(byte* key)
            {
                _ = {|TKP004:RAND_priv_bytes(key, 32)|};
            }

            static void ThroughWrapper(byte* key)
            {
                {|TKP004:FillRandom(key, 32)|};
            }

            static int StoredNeverRead(byte* iv)
            {
                int rc = {|TKP004:RAND_bytes(iv, 16)|};
                return 1;
            }
        }
        """);

    [Fact]
    public Task LibraryImport_binding_is_recognised_by_its_entry_point() => Verify.VerifyAsync("""
        using System.Runtime.InteropServices;

        static unsafe partial class Crypto
        {
            [LibraryImport("libcrypto.so.3", EntryPoint = "RAND_priv_bytes")]
            private static partial int GetPrivateRandom(byte* buffer, int count);

            // What the LibraryImport generator would write; the tests run without it.
            private static partial int GetPrivateRandom(byte* buffer, int count) => 1;

            static void NewKey(byte* key) => {|TKP004:GetPrivateRandom(key, 32)|};
        }
        """);

    [Fact]
    public Task Inverted_checks_are_reported() => Verify.VerifyAsync("""
        using System;
        using static Native;

        static unsafe class Keys
        {
            static int ManPage(byte* iv)
            {
                if ({|TKP004:RAND_bytes(iv, 16)|} != 0)
                {
                    return -1;
                }

                return 1;
            }

            static int EqualsOne(byte* iv)
            {
                if ({|TKP004:RAND_bytes(iv, 16)|} == 1) return 0;
                return 1;
            }

            static int Greater(byte* iv) => {|TKP004:RAND_bytes(iv, 16)|} > 0 ? -1 : 1;

            static int Throws(byte* iv)
            {
                if ({|TKP004:RAND_bytes(iv, 16)|} is 1) throw new InvalidOperationException();
                return 1;
            }

            static int ViaLocal(byte* iv)
            {
                int rc = {|TKP004:RAND_bytes(iv, 16)|};
                if (rc != 0) return -1;
                return 1;
            }
        }
        """);

    [Fact]
    public Task Checks_that_let_a_failure_pass_are_reported() => Verify.VerifyAsync("""
        using static Native;

        static unsafe class Keys
        {
            static int OnlyNegative(byte* iv)
            {
                if ({|TKP004:RAND_bytes(iv, 16)|} < 0) return -1;
                return 1;
            }

            static int OnlyZero(byte* iv)
            {
                if ({|TKP004:RAND_bytes(iv, 16)|} == 0) return -1;
                return 1;
            }
        }
        """);

    [Fact]
    public Task Correct_checks_are_silent() => Verify.VerifyAsync("""
        using System.Security.Cryptography;
        using static Native;

        static unsafe class Keys
        {
            static int NotOne(byte* iv)
            {
                if (RAND_bytes(iv, 16) != 1) return -1;
                return 1;
            }

            static int AtMostZero(byte* iv)
            {
                if (RAND_priv_bytes(iv, 16) <= 0) return 0;
                return 1;
            }

            static int SuccessBranch(byte* iv) => RAND_bytes(iv, 16) == 1 ? 1 : -1;

            static int Stored(byte* iv)
            {
                int rc = RAND_bytes(iv, 16);
                if (rc != 1) return -1;
                return 1;
            }

            static int Passed(byte* iv) => RAND_bytes(iv, 16);

            static void Managed(byte[] iv) => RandomNumberGenerator.Fill(iv);

            static int RAND_status() => 1;
            static void NotTheCsprng() => RAND_status();
        }
        """);
}
