using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using TicketKeys.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TicketKeys.Analyzers.Tests;

/// <summary>Incomplete code, as the IDE sees it while typing: no analyzer may throw (AD0001 fails these tests).</summary>
public sealed class BrokenCodeTests
{
    [Theory]
    [InlineData("""
        using System.Runtime.InteropServices;
        using static Native;
        static unsafe class C
        {
            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == ) { EVP_EncryptInit_ex(ctx, , 0, null, iv); return }
                switch (enc) { case : return 2; }
                RAND_bytes(iv
        """, "TKP005")]
    [InlineData("""
        using System;
        using TicketKeys;
        [TicketKeyProvider]
        partial class P
        {
            [EncryptionKey] TicketKey? Current( => null;
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> n) { return TicketKeyLookup.Resume(; }
            static TicketKeyWindow W(DateTimeOffset now) => new(now, now + , now.AddDays());
        }
        """, "")]
    [InlineData("""
        using System;
        using System.Runtime.InteropServices;
        static unsafe class C
        {
            static int Missing(nint a, byte* b, byte* c, nint d, nint e, int enc) => Undefined(enc);
            static void Attach(nint ctx)
            {
                Native.SSL_CTX_callback_ctrl(ctx, 72, Marshal.GetFunctionPointerForDelegate(NoSuchField));
                Native.SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, Marshal.GetFunctionPointerForDelegate<Func<int>>(() => 1));
                Native.SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, (nint)(delegate* unmanaged<int>)&Missing);
                int rc = Native.RAND_bytes(null, );
                if (rc is > ) return;
            }
        }
        """, "")]
    [InlineData("""
        using System;
        using System.Runtime.InteropServices;
        using TicketKeys;
        [TicketKeyProvider]
        struct S<T> where T : unmanaged
        {
            [EncryptionKey] static T Current() => default;
        }
        static unsafe class C
        {
            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                enc = 1;
                fixed (byte* k = ) { Native.HMAC_Init_ex(hctx, k, , 0, 0); }
                return TicketKey.Create(new byte[] { 1 }, , , default) is null ? 0 : 1;
            }
        }
        """, "TKP002")]
    [InlineData("""
        using System;
        using System.Runtime.InteropServices;
        using System.Security.Cryptography;
        using static Native;
        unsafe delegate void Act(byte* p);
        static unsafe class H
        {
            static void Fill(byte* p, int n) => RandomNumberGenerator.Fill(new Span<byte>(p, ));
            static void Via(byte* p, Act a) { if () return; a(p, ); a.Invoke(; Fill(p); Fill(n: 16, ); }
            static int Wrap(byte* p) => RAND_bytes(p[..], p);
            static void Self(byte* p) => Self(p);
            static void Gen(byte[] b) { var rng = RandomNumberGenerator.Create(; rng.GetBytes(b, , ); }
        }
        static unsafe class C
        {
            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                H.Via(iv, p => RandomNumberGenerator.Fill(new Span<byte>(p, )));
                H.Via(iv, );
                H.Wrap(iv, 3);
                H.Self(iv);
                H.Gen(null);
                EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, null, iv);
                return 1;
            }
        }
        """, "TKP003")]
    public async Task Analyzers_do_not_throw_on_incomplete_code(string source, string expectedRule)
    {
        ImmutableArray<Diagnostic> diagnostics = await AllAnalyzersVerifier.RunOnBrokenCodeAsync(source);

        // Where the broken code still says something, the rules still say it.
        if (expectedRule.Length > 0)
        {
            Assert.Contains(diagnostics, diagnostic => diagnostic.Id == expectedRule);
        }
    }
}
