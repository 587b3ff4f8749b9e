using System.Threading.Tasks;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.WrongDirectionOrReturnCodeAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

/// <summary>
/// Callbacks registered through a delegate held by a field, a property (an auto-property initialiser or a setter) or a
/// local, assigned outside its initialiser too, are analysed; the same holders never passed to a ticket setter are not.
/// </summary>
public sealed class DelegateRegistrationTests
{
    private const string Header = """
        using System;
        using System.Runtime.InteropServices;
        using static Native;

        delegate int TicketKeyCallback(nint ssl, nint keyName, nint iv, nint ctx, nint hctx, int enc);

        """;

    [Fact]
    public Task Callbacks_behind_fields_properties_and_assignments_are_analysed() => Verify.VerifyAsync(Header + """
        static class AssignedField
        {
            static TicketKeyCallback? s_callback;

            static int OnTicket(nint ssl, nint keyName, nint iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1) return {|TKP009:2|};
                return 1;
            }

            public static void Attach(nint ctx)
            {
                s_callback = OnTicket;
                SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, Marshal.GetFunctionPointerForDelegate(s_callback));
            }
        }

        static class AutoProperty
        {
            static TicketKeyCallback Callback { get; } = OnTicket;

            static int OnTicket(nint ssl, nint keyName, nint iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1) return {|TKP009:2|};
                return 1;
            }

            public static void Attach(nint ctx) => SSL_CTX_callback_ctrl(ctx, 72, Marshal.GetFunctionPointerForDelegate(Callback));
        }

        static class PropertySetter
        {
            public static TicketKeyCallback? Callback { get; set; }

            static int OnTicket(nint ssl, nint keyName, nint iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1) return {|TKP009:2|};
                return 1;
            }

            public static void Attach(nint ctx)
            {
                PropertySetter.Callback = OnTicket;
                SetTicketCallback(ctx, Marshal.GetFunctionPointerForDelegate(Callback!));
            }
        }

        static class LambdaInAssignment
        {
            static TicketKeyCallback? s_callback;

            public static void Attach(nint ctx)
            {
                s_callback = (ssl, keyName, iv, cipher, hmac, enc) =>
                {
                    if (enc == 1) return {|TKP009:2|};
                    return 1;
                };
                SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, Marshal.GetFunctionPointerForDelegate(s_callback));
            }
        }

        static class LambdaInAutoProperty
        {
            static TicketKeyCallback Callback { get; } = (ssl, keyName, iv, cipher, hmac, enc) => enc == 1 ? {|TKP009:2|} : 1;

            public static void Attach(nint ctx) => SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, Marshal.GetFunctionPointerForDelegate(Callback));
        }

        static class LocalAssignedLater
        {
            static int OnTicket(nint ssl, nint keyName, nint iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1) return {|TKP009:2|};
                return 1;
            }

            public static void Attach(nint ctx)
            {
                TicketKeyCallback callback;
                callback = OnTicket;
                SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, Marshal.GetFunctionPointerForDelegate(callback));
                GC.KeepAlive(callback);
            }
        }
        """);

    [Fact]
    public Task Holders_never_passed_to_a_ticket_setter_are_not_analysed() => Verify.VerifyAsync(Header + """
        static class Unregistered
        {
            static TicketKeyCallback? s_callback;
            static TicketKeyCallback Callback { get; } = OnOther;
            static TicketKeyCallback? s_lambda;

            static int OnTicket(nint ssl, nint keyName, nint iv, nint ctx, nint hctx, int enc) => enc == 1 ? 2 : 1;

            static int OnOther(nint ssl, nint keyName, nint iv, nint ctx, nint hctx, int enc) => enc == 1 ? 2 : 1;

            public static void Attach(nint ctx)
            {
                s_callback = OnTicket;
                s_lambda = (ssl, keyName, iv, cipher, hmac, enc) => enc == 1 ? 2 : 1;
                GC.KeepAlive(Marshal.GetFunctionPointerForDelegate(s_callback));
                GC.KeepAlive(Marshal.GetFunctionPointerForDelegate(Callback));
                GC.KeepAlive(s_lambda);
            }
        }
        """);
}
