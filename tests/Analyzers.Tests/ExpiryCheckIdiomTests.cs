using System.Threading.Tasks;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.KeyReusePastExpiryAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

/// <summary>
/// TKP005 on callbacks: a validity check written in a lambda (a LINQ or Array.Find predicate), a local function, a
/// method group or a small helper counts as a check; the same shapes without the clock are still reported.
/// </summary>
public sealed class ExpiryCheckIdiomTests
{
    private const string Header = """
        using System;
        using System.Linq;
        using System.Runtime.InteropServices;
        using static Native;

        sealed unsafe class Key
        {
            public int Id;
            public byte First;
            public byte* Aes;
            public DateTime NotAfter;
        }

        static unsafe class Callbacks
        {
            static Key[] s_keys = Array.Empty<Key>();
            static Key? Find(byte* name) => null;

        """;

    [Fact]
    public Task Checks_in_lambdas_local_functions_and_helpers_are_silent() => Verify.VerifyAsync(Header + """
            static bool IsLive(Key key) => key.NotAfter > DateTime.UtcNow;
            static Key? Live(byte first) => s_keys.FirstOrDefault(k => k.First == first && k.NotAfter > DateTime.UtcNow);

            [UnmanagedCallersOnly]
            static int LinqPredicate(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                DateTime now = DateTime.UtcNow;
                if (enc == 1)
                {
                    Key? current = s_keys.FirstOrDefault(k => k.NotAfter > now);
                    if (current is null) return 0;
                    EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), 0, current.Aes, iv);
                    return 1;
                }

                byte first = keyName[0];
                Key? found = s_keys.FirstOrDefault(k => k.First == first && k.NotAfter > DateTime.UtcNow);
                if (found is null) return 0;
                return 1;
            }

            [UnmanagedCallersOnly]
            static int ArrayFindWithMethodGroup(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0) return 0;
                Key? key = Array.Find(s_keys, IsLive);
                if (key is null) return 0;
                return 1;
            }

            [UnmanagedCallersOnly]
            static int ConditionOverAPredicate(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0) return 0;
                DateTime now = DateTime.UtcNow;
                if (!s_keys.Any(k => k.NotAfter > now)) return 0;
                return 1;
            }

            [UnmanagedCallersOnly]
            static int CapturingLocalFunction(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                DateTime now = DateTime.UtcNow;
                if (enc != 0) return 0;
                Key? key = Find(keyName);
                if (key is null || !Usable(key)) return 0;
                return 1;

                bool Usable(Key k) => k.NotAfter > now;
            }

            [UnmanagedCallersOnly]
            static int StaticLocalFunction(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0) return 0;
                Key? key = Find(keyName);
                if (key is null || !Usable(key)) return 0;
                return 1;

                static bool Usable(Key k) => k.NotAfter > DateTime.UtcNow;
            }

            [UnmanagedCallersOnly]
            static int HelperWithALambda(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0) return 0;
                Key? key = Live(keyName[0]);
                if (key is null) return 0;
                return 1;
            }
        }
        """);

    [Fact]
    public Task The_same_shapes_without_the_clock_are_reported() => Verify.VerifyAsync(Header + """
            static bool IsKnown(Key key) => key.Id != 0;
            static Key? Named(byte first) => s_keys.FirstOrDefault(k => k.First == first);

            [UnmanagedCallersOnly]
            static int LinqPredicate(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1)
                {
                    Key? current = s_keys.FirstOrDefault(k => k.Id == 1);
                    if (current is null) return 0;
                    EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), 0, current.Aes, iv);
                    return {|TKP005:1|};
                }

                byte first = keyName[0];
                Key? found = s_keys.FirstOrDefault(k => k.First == first);
                if (found is null) return 0;
                return {|TKP005:1|};
            }

            [UnmanagedCallersOnly]
            static int ArrayFindWithMethodGroup(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0) return 0;
                Key? key = Array.Find(s_keys, IsKnown);
                if (key is null) return 0;
                return {|TKP005:1|};
            }

            [UnmanagedCallersOnly]
            static int PredicateOnOneBranchOnly(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0) return 0;
                DateTime now = DateTime.UtcNow;
                if (keyName[1] == 7 && !s_keys.Any(k => k.NotAfter > now)) return 0;
                return {|TKP005:1|};
            }

            [UnmanagedCallersOnly]
            static int LocalFunction(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0) return 0;
                Key? key = Find(keyName);
                if (key is null || !Usable(key)) return 0;
                return {|TKP005:1|};

                static bool Usable(Key k) => k.Id > 0;
            }

            [UnmanagedCallersOnly]
            static int HelperWithALambda(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0) return 0;
                Key? key = Named(keyName[0]);
                if (key is null) return 0;
                return {|TKP005:1|};
            }
        }
        """);
}
