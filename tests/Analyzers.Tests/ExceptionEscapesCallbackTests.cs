using System.Threading.Tasks;
using TicketKeys.Analyzers.Rules;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.ExceptionEscapesCallbackAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

public sealed class ExceptionEscapesCallbackTests
{
    [Fact]
    public Task Unprotected_unmanaged_callers_only_body_is_reported() => Verify.VerifyAsync("""
        using System;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;

        static unsafe class Callbacks
        {
            [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
            static int {|TKP010:TicketKey|}(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1)
                {
                    return Encrypt(keyName, iv, ctx, hctx);
                }

                return 0;
            }

            static int Encrypt(byte* keyName, byte* iv, nint ctx, nint hctx) => 1;
        }
        """);

    [Fact]
    public Task Registered_delegate_method_without_catch_is_reported() => Verify.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;

        delegate int TicketKeyCallback(IntPtr ssl, IntPtr keyName, IntPtr iv, IntPtr ctx, IntPtr hctx, int enc);

        static class Server
        {
            static readonly TicketKeyCallback s_callback = OnTicket;

            static int {|TKP010:OnTicket|}(IntPtr ssl, IntPtr keyName, IntPtr iv, IntPtr ctx, IntPtr hctx, int enc)
            {
                var keys = new byte[16];
                return keys.Length == 16 ? 1 : 0;
            }

            static void Attach(nint ctx) =>
                Native.SSL_CTX_callback_ctrl(ctx, Native.SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB, Marshal.GetFunctionPointerForDelegate(s_callback));
        }
        """);

    [Fact]
    public Task Registration_through_a_renamed_binding_and_a_local_function_is_recognised() => Verify.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;

        delegate int TicketKeyCallback(IntPtr ssl, IntPtr keyName, IntPtr iv, IntPtr ctx, IntPtr hctx, int enc);

        static class Server
        {
            static TicketKeyCallback? s_keepAlive;

            static int {|TKP010:OnTicket|}(IntPtr ssl, IntPtr keyName, IntPtr iv, IntPtr ctx, IntPtr hctx, int enc) => Lookup(enc);

            static void AttachRenamed(nint ctx)
            {
                s_keepAlive = new TicketKeyCallback(OnTicket);
                Native.SetTicketCallback(ctx, Marshal.GetFunctionPointerForDelegate(new TicketKeyCallback(OnTicket)));
            }

            static void AttachLocal(nint ctx)
            {
                TicketKeyCallback callback = Local;
                s_keepAlive = callback;
                Native.SSL_CTX_callback_ctrl(ctx, 72, Marshal.GetFunctionPointerForDelegate(callback));

                int {|TKP010:Local|}(IntPtr ssl, IntPtr keyName, IntPtr iv, IntPtr c, IntPtr h, int enc) => Lookup(enc);
            }

            static void NotTheTicketControl(nint ctx) =>
                Native.SSL_CTX_callback_ctrl(ctx, 53, Marshal.GetFunctionPointerForDelegate(new TicketKeyCallback(Unrelated)));

            static int Unrelated(IntPtr ssl, IntPtr keyName, IntPtr iv, IntPtr ctx, IntPtr hctx, int enc) => Lookup(enc);

            static int Lookup(int enc) => enc;
        }
        """);

    [Fact]
    public Task Catch_of_a_specific_exception_is_not_enough() => Verify.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;

        static unsafe class Callbacks
        {
            [UnmanagedCallersOnly]
            static int {|TKP010:TicketKey|}(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                try
                {
                    return Lookup(enc);
                }
                catch (InvalidOperationException)
                {
                    return -1;
                }
            }

            static int Lookup(int enc) => enc;
        }
        """);

    [Fact]
    public Task Rethrow_from_the_handler_is_reported() => Verify.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;

        static unsafe class Callbacks
        {
            [UnmanagedCallersOnly]
            static int {|TKP010:TicketKey|}(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                try
                {
                    return Lookup(enc);
                }
                catch (Exception)
                {
                    throw;
                }
            }

            static int Lookup(int enc) => enc;
        }
        """);

    [Fact]
    public Task Lambda_passed_to_the_setter_is_reported() => Verify.VerifyAsync("""
        using System;

        delegate int TicketKeyCallback(IntPtr ssl, IntPtr keyName, IntPtr iv, IntPtr ctx, IntPtr hctx, int enc);

        static class Server
        {
            static TicketKeyCallback? s_keepAlive;

            static void Attach(nint ctx)
            {
                s_keepAlive = (ssl, keyName, iv, c, h, enc) => enc == 1 ? Encrypt() : 0;
                Native.SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, System.Runtime.InteropServices.Marshal.GetFunctionPointerForDelegate(
                    new TicketKeyCallback((ssl, keyName, iv, c, h, enc) {|TKP010:=>|} enc == 1 ? Encrypt() : 0)));
            }

            static int Encrypt() => 1;
        }
        """);

    [Fact]
    public Task Whole_body_in_catch_all_is_silent() => Verify.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;

        static unsafe class Callbacks
        {
            [UnmanagedCallersOnly]
            static int TicketKey(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                try
                {
                    return enc == 1 ? Encrypt(iv) : Decrypt(keyName, iv);
                }
                catch (Exception)
                {
                    return enc == 0 ? 0 : -1;
                }
            }

            [UnmanagedCallersOnly]
            static int Bare(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                int result = -1;
                try
                {
                    result = Encrypt(iv);
                }
                catch
                {
                    Console.Error.WriteLine("ticket callback failed");
                }

                return result;
            }

            static int Encrypt(byte* iv) => 1;
            static int Decrypt(byte* keyName, byte* iv) => 1;
        }
        """);

    [Fact]
    public Task Method_with_the_shape_that_is_never_registered_is_silent() => Verify.VerifyAsync("""
        using System;

        static unsafe class NotACallback
        {
            static int Combine(nint a, byte* b, byte* c, nint d, nint e, int f) => Helper(f);
            static int Helper(int f) => f;
        }
        """);

    [Fact]
    public Task Broken_code_does_not_throw() => Verify.VerifyBrokenCodeAsync("""
        using System.Runtime.InteropServices;

        static unsafe class Callbacks
        {
            [UnmanagedCallersOnly]
            static int TicketKey(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                try { return Missing(; }
                catch { return -1; }
            }

            static void Attach(nint ctx) => Native.SSL_CTX_callback_ctrl(ctx, 72, Unknown);
            static void Attach2(nint ctx) => Native.SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, );
        }
        """);
}
