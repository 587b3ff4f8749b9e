using System.Threading.Tasks;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.WrongDirectionOrReturnCodeAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

public sealed class WrongDirectionOrReturnCodeTests
{
    private const string Header = """
        using System;
        using System.Runtime.InteropServices;
        using static Native;

        static unsafe class Callbacks
        {
            static byte* Key = null;

        """;

    [Fact]
    public Task Renew_on_the_encrypt_path_is_reported_for_enc_not_equal_zero() => Verify.VerifyAsync(Header + """
            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0)
                {
                    EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                    return {|TKP009:2|};
                }

                EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                return 2;
            }
        }
        """);

    [Fact]
    public Task Wrong_cipher_direction_is_reported_for_several_spellings_of_the_branch() => Verify.VerifyAsync(Header + """
            [UnmanagedCallersOnly]
            static int EqualsOne(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1)
                {
                    {|TKP009:EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                    return 1;
                }

                {|TKP009:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                return 1;
            }

            [UnmanagedCallersOnly]
            static int GreaterThanZeroWithLocal(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                bool encrypting = enc > 0;
                if (!encrypting)
                {
                    {|TKP009:EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv, 1)|};
                    return 1;
                }

                {|TKP009:EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv, 0)|};
                return 1;
            }

            [UnmanagedCallersOnly]
            static int Switch(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                switch (enc)
                {
                    case 1:
                        return {|TKP009:2|};
                    case 0:
                        {|TKP009:EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv)|};
                        return 1;
                    default:
                        return -1;
                }
            }

            [UnmanagedCallersOnly]
            static int Pattern(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc is not 0)
                {
                    return 1;
                }

                {|TKP009:RAND_bytes(iv, 16)|};
                return 1;
            }
        }
        """);

    [Fact]
    public Task Undefined_return_values_are_reported() => Verify.VerifyAsync(Header + """
            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0)
                {
                    return {|TKP009:3|};
                }

                return enc == 1 ? 1 : {|TKP009:-2|};
            }
        }
        """);

    [Fact]
    public Task Correct_callback_is_silent() => Verify.VerifyAsync(Header + """
            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1)
                {
                    if (RAND_bytes(iv, 16) != 1) return -1;
                    EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                    return 1;
                }

                EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv, enc);
                return keyName[0] == 1 ? 2 : 1;
            }

            [UnmanagedCallersOnly]
            static int DirectionUnknown(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (IsEncrypt(enc))
                {
                    EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), 0, Key, iv);
                    return 2;
                }

                return -1;
            }

            static bool IsEncrypt(int enc) => enc == 0;
        }
        """);
}
