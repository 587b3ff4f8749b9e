using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using TicketKeys.Analyzers.Rules;
using TicketKeys.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TicketKeys.Analyzers.Tests;

/// <summary>
/// An [UnmanagedCallersOnly] method with the ticket callback's shape that its file passes only to another native setter
/// is some other callback: no rule looks at it. Passed to a ticket setter too, here or in another file, it is one.
/// </summary>
public sealed class OtherSetterTests
{
    private const string Setters = """
        using System.Runtime.InteropServices;

        internal static unsafe class OtherSetters
        {
            // Bindings that hand the callback extra context pointers, so its shape is the ticket callback's.
            [DllImport("libcrypto.so.3")]
            public static extern int EVP_CIPHER_meth_set_init(nint cipher, delegate* unmanaged<nint, nint, nint, nint, nint, int, int> init);

            [DllImport("libssl.so.3", EntryPoint = "SSL_CTX_set_cookie_generate_cb")]
            public static extern void SetCookieCallback(nint ctx, nint callback);
        }
        """;

    [Fact]
    public Task Methods_registered_only_with_another_setter_are_not_ticket_callbacks() => AllAnalyzersVerifier.VerifyAsync(Setters + """

        internal static unsafe class Registrations
        {
            public static void Attach(nint cipher, nint ctx)
            {
                OtherSetters.EVP_CIPHER_meth_set_init(cipher, &Init);
                nint cookie = (nint)(delegate* unmanaged<nint, nint, nint, nint, nint, int, int>)&Cookie;
                OtherSetters.SetCookieCallback(ctx, cookie);
            }

            [UnmanagedCallersOnly]
            static int Init(nint cipherCtx, nint key, nint iv, nint impl, nint data, int enc)
            {
                if (enc == 1) return 2;
                throw new System.InvalidOperationException();
            }

            [UnmanagedCallersOnly]
            static int Cookie(nint ssl, nint cookie, nint length, nint arg, nint reserved, int flags) =>
                flags == 1 ? 2 : throw new System.InvalidOperationException();
        }
        """);

    [Fact]
    public Task Methods_also_registered_with_a_ticket_setter_are_ticket_callbacks() => VerifyAsync(Setters + """

        internal static unsafe class Registrations
        {
            public static void Attach(nint cipher, nint ctx)
            {
                OtherSetters.EVP_CIPHER_meth_set_init(cipher, &Both);
                Native.SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, (nint)(delegate* unmanaged<nint, nint, nint, nint, nint, int, int>)&Both);
            }

            [UnmanagedCallersOnly]
            static int Both(nint ssl, nint keyName, nint iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1) return {|TKP009:2|};
                return 0;
            }
        }
        """);

    [Fact]
    public Task A_ticket_registration_in_another_file_still_counts() => VerifyAsync(
        Setters + """

        internal static unsafe class Callbacks
        {
            public static void AttachInit(nint cipher) => OtherSetters.EVP_CIPHER_meth_set_init(cipher, &Shared);

            [UnmanagedCallersOnly]
            public static int Shared(nint ssl, nint keyName, nint iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1) return {|TKP009:2|};
                return 0;
            }
        }
        """,
        """
        internal static unsafe class Server
        {
            public static void Attach(nint ctx) => Native.SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, (nint)(delegate* unmanaged<nint, nint, nint, nint, nint, int, int>)&Callbacks.Shared);
        }
        """);

    private static Task VerifyAsync(params string[] files)
    {
        var test = new AnalyzerVerifier<WrongDirectionOrReturnCodeAnalyzer>.Test();
        for (int i = 0; i < files.Length; i++)
        {
            test.TestState.Sources.Add(($"File{i}.cs", files[i]));
        }

        test.TestState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }
}
