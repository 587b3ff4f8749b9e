using System.Threading.Tasks;
using TicketKeys.Analyzers.CodeFixes;
using TicketKeys.Analyzers.Rules;
using Xunit;

namespace TicketKeys.Analyzers.Tests;

public sealed class CodeFixTests
{
    [Fact]
    public Task Add_partial_fixes_every_provider() => Infrastructure.CodeFixVerifier<ProviderMustBePartialAnalyzer, AddPartialCodeFixProvider>.VerifyAsync("""
        using System;
        using TicketKeys;

        [TicketKeyProvider]
        public sealed class {|TKP001:Keys|}(TicketKeyRing ring)
        {
            [EncryptionKey] TicketKey? Current() => ring.GetEncryptionKey();
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => ring.Find(name);
        }

        [TicketKeyProvider]
        class {|TKP001:Bare|}(TicketKeyRing ring)
        {
            [EncryptionKey] TicketKey? Current() => ring.GetEncryptionKey();
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => ring.Find(name);
        }
        """, """
        using System;
        using TicketKeys;

        [TicketKeyProvider]
        public sealed partial class Keys(TicketKeyRing ring)
        {
            [EncryptionKey] TicketKey? Current() => ring.GetEncryptionKey();
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => ring.Find(name);
        }

        [TicketKeyProvider]
        partial class Bare(TicketKeyRing ring)
        {
            [EncryptionKey] TicketKey? Current() => ring.GetEncryptionKey();
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => ring.Find(name);
        }
        """);

    [Fact]
    public Task Fill_iv_inserts_the_csprng_call_and_the_using() => Infrastructure.CodeFixVerifier<MissingIvRandomnessAnalyzer, FillIvCodeFixProvider>.VerifyAsync("""
        using System.Runtime.InteropServices;
        using static Native;

        static unsafe class Callbacks
        {
            static byte* Key = null;

            [UnmanagedCallersOnly]
            static int First(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1)
                {
                    {|TKP003:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                    return 1;
                }

                return 0;
            }

            [UnmanagedCallersOnly]
            static int Second(nint ssl, byte* keyName, byte* ivBytes, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                {|TKP003:EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, ivBytes, enc)|};
                return 1;
            }
        }
        """, """
        using System;
        using System.Runtime.InteropServices;
        using System.Security.Cryptography;
        using static Native;

        static unsafe class Callbacks
        {
            static byte* Key = null;

            [UnmanagedCallersOnly]
            static int First(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1)
                {
                    RandomNumberGenerator.Fill(new Span<byte>(iv, 16));
                    EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                    return 1;
                }

                return 0;
            }

            [UnmanagedCallersOnly]
            static int Second(nint ssl, byte* keyName, byte* ivBytes, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                RandomNumberGenerator.Fill(new Span<byte>(ivBytes, 16));
                EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, ivBytes, enc);
                return 1;
            }
        }
        """);

    [Fact]
    public Task Rand_result_fix_guards_dropped_calls_and_repairs_inverted_checks() => Infrastructure.CodeFixVerifier<CsprngResultUncheckedAnalyzer, CheckRandResultCodeFixProvider>.VerifyAsync("""
        using static Native;

        static unsafe class Keys
        {
            static int Dropped(byte* iv)
            {
                {|TKP004:RAND_bytes(iv, 16)|};
                return 1;
            }

            static int ManPage(byte* iv)
            {
                if ({|TKP004:RAND_bytes(iv, 16)|} != 0)
                {
                    return -1;
                }

                return 1;
            }

            static int OnlyNegative(byte* iv) => {|TKP004:RAND_priv_bytes(iv, 16)|} < 0 ? -1 : 1;
        }
        """, """
        using static Native;

        static unsafe class Keys
        {
            static int Dropped(byte* iv)
            {
                if (RAND_bytes(iv, 16) != 1)
                {
                    return -1;
                }
                return 1;
            }

            static int ManPage(byte* iv)
            {
                if (RAND_bytes(iv, 16) != 1)
                {
                    return -1;
                }

                return 1;
            }

            static int OnlyNegative(byte* iv) => RAND_priv_bytes(iv, 16) != 1 ? -1 : 1;
        }
        """);

    [Fact]
    public Task Wrap_in_try_catch_protects_block_and_expression_bodies() => Infrastructure.CodeFixVerifier<ExceptionEscapesCallbackAnalyzer, WrapCallbackInTryCatchCodeFixProvider>.VerifyAsync("""
        using System.Runtime.InteropServices;

        static unsafe class Callbacks
        {
            [UnmanagedCallersOnly]
            static int {|TKP010:Block|}(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                int result = Lookup(enc);
                return result;
            }

            [UnmanagedCallersOnly]
            static int {|TKP010:Expression|}(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int mode) => Lookup(mode);

            static int Lookup(int enc) => enc;
        }
        """, """
        using System;
        using System.Runtime.InteropServices;

        static unsafe class Callbacks
        {
            [UnmanagedCallersOnly]
            static int Block(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                try
                {
                    int result = Lookup(enc);
                    return result;
                }
                catch (Exception)
                {
                    return enc == 0 ? 0 : -1;
                }
            }

            [UnmanagedCallersOnly]
            static int Expression(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int mode)
            {
                try
                {
                    return Lookup(mode);
                }
                catch (Exception)
                {
                    return mode == 0 ? 0 : -1;
                }
            }

            static int Lookup(int enc) => enc;
        }
        """);

    [Fact]
    public Task Wrap_in_try_catch_protects_a_registered_lambda() => Infrastructure.CodeFixVerifier<ExceptionEscapesCallbackAnalyzer, WrapCallbackInTryCatchCodeFixProvider>.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;

        delegate int TicketKeyCallback(IntPtr ssl, IntPtr keyName, IntPtr iv, IntPtr ctx, IntPtr hctx, int enc);

        static class Server
        {
            static readonly TicketKeyCallback s_callback = (ssl, keyName, iv, ctx, hctx, enc) {|TKP010:=>|} Lookup(enc);

            static void Attach(nint sslContext) =>
                Native.SSL_CTX_callback_ctrl(sslContext, 72, Marshal.GetFunctionPointerForDelegate(s_callback));

            static int Lookup(int enc) => enc;
        }
        """, """
        using System;
        using System.Runtime.InteropServices;

        delegate int TicketKeyCallback(IntPtr ssl, IntPtr keyName, IntPtr iv, IntPtr ctx, IntPtr hctx, int enc);

        static class Server
        {
            static readonly TicketKeyCallback s_callback = (ssl, keyName, iv, ctx, hctx, enc) =>
            {
                try
                {
                    return Lookup(enc);
                }
                catch (Exception)
                {
                    return enc == 0 ? 0 : -1;
                }
            };

            static void Attach(nint sslContext) =>
                Native.SSL_CTX_callback_ctrl(sslContext, 72, Marshal.GetFunctionPointerForDelegate(s_callback));

            static int Lookup(int enc) => enc;
        }
        """);
}
