using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using TicketKeys.Analyzers.Rules;
using TicketKeys.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TicketKeys.Analyzers.Tests;

/// <summary>A callback declared in one file and registered from another is still recognised.</summary>
public sealed class CrossFileRegistrationTests
{
    private const string Callbacks = """
        using System;

        delegate int TicketKeyCallback(IntPtr ssl, IntPtr keyName, IntPtr iv, IntPtr ctx, IntPtr hctx, int enc);

        static class TicketCallbacks
        {
            public static int {|TKP010:OnTicket|}(IntPtr ssl, IntPtr keyName, IntPtr iv, IntPtr ctx, IntPtr hctx, int enc)
            {
                if (enc == 1)
                {
                    return {|TKP009:2|};
                }

                return Lookup(keyName);
            }

            public static int NeverRegistered(IntPtr ssl, IntPtr keyName, IntPtr iv, IntPtr ctx, IntPtr hctx, int enc) =>
                enc == 1 ? 2 : Lookup(keyName);

            static int Lookup(IntPtr name) => name == IntPtr.Zero ? throw new InvalidOperationException() : 1;
        }
        """;

    private const string Registration = """
        using System.Runtime.InteropServices;

        static class Server
        {
            static readonly TicketKeyCallback s_keepAlive = TicketCallbacks.OnTicket;

            public static void Attach(nint ctx) =>
                Native.SSL_CTX_callback_ctrl(ctx, 72, Marshal.GetFunctionPointerForDelegate(s_keepAlive));
        }
        """;

    [Fact]
    public Task An_exception_escaping_a_callback_registered_elsewhere_is_reported() => VerifyAsync<ExceptionEscapesCallbackAnalyzer>("TKP009");

    [Fact]
    public Task A_wrong_return_code_in_a_callback_registered_elsewhere_is_reported() => VerifyAsync<WrongDirectionOrReturnCodeAnalyzer>("TKP010");

    private static Task VerifyAsync<TAnalyzer>(string otherRule)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new AnalyzerVerifier<TAnalyzer>.Test();
        test.TestState.Sources.Add(("Callbacks.cs", Callbacks.Replace("{|" + otherRule + ":", "{|#9:", System.StringComparison.Ordinal)));
        test.TestState.Sources.Add(("Server.cs", Registration));
        test.TestState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        return test.RunAsync();
    }
}
