using System.Threading.Tasks;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.HardCodedKeyMaterialAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

public sealed class HardCodedKeyMaterialTests
{
    [Fact]
    public Task Literal_key_material_in_a_callback_is_reported() => Verify.VerifyAsync("""
        using System;
        using System.Runtime.InteropServices;
        using System.Text;
        using static Native;

        static unsafe class Callbacks
        {
            static readonly byte[] AesKey = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
            static readonly byte[] HmacKey = Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef");
            static readonly byte[] Name = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");

            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                fixed (byte* aes = AesKey)
                fixed (byte* hmac = HmacKey)
                {
                    Marshal.Copy({|TKP008:Name|}, 0, (IntPtr)keyName, 16);
                    EVP_CipherInit_ex(ctx, EVP_aes_128_cbc(), 0, {|TKP008:aes|}, iv, enc);
                    HMAC_Init_ex(hctx, {|TKP008:hmac|}, 32, EVP_sha256(), 0);
                    ReadOnlySpan<byte> inline = "sixteen byte key"u8;
                    fixed (byte* other = inline)
                    {
                        EVP_CipherInit_ex(ctx, EVP_aes_128_cbc(), 0, {|TKP008:other|}, iv, enc);
                    }
                }

                return 1;
            }
        }
        """);

    [Fact]
    public Task Literal_key_material_given_to_TicketKey_Create_is_reported() => Verify.VerifyAsync("""
        using System;
        using System.Security.Cryptography;
        using TicketKeys;

        static class Keys
        {
            static TicketKey Fixed()
            {
                byte[] name = Convert.FromBase64String("AAECAwQFBgcICQoLDA0ODw==");
                return TicketKey.Create({|TKP008:name|}, {|TKP008:new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }|}, RandomNumberGenerator.GetBytes(32), TicketKeyWindow.Unbounded);
            }
        }
        """);

    [Fact]
    public Task Generated_and_loaded_keys_are_silent() => Verify.VerifyAsync("""
        using System;
        using System.IO;
        using System.Runtime.InteropServices;
        using System.Security.Cryptography;
        using TicketKeys;
        using static Native;

        static unsafe class Callbacks
        {
            static byte[] s_aes = RandomNumberGenerator.GetBytes(32);
            static byte[] s_zeroed = new byte[32];

            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                fixed (byte* aes = s_aes)
                fixed (byte* zeroed = s_zeroed)
                {
                    EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), 0, aes, iv, enc);
                    HMAC_Init_ex(hctx, zeroed, 32, EVP_sha256(), 0);
                }

                return 1;
            }

            static TicketKey Loaded(string path)
            {
                byte[] bytes = File.ReadAllBytes(path);
                return TicketKey.Create(bytes.AsSpan(0, 16), bytes.AsSpan(16, 32), bytes.AsSpan(48, 32), TicketKeyWindow.Unbounded);
            }
        }
        """);
}
