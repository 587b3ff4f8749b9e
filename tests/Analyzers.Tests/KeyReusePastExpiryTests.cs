using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.KeyReusePastExpiryAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

public sealed class KeyReusePastExpiryTests
{
    private const string Header = """
        using System;
        using System.Runtime.InteropServices;
        using static Native;

        sealed unsafe class Key
        {
            public byte* Aes;
            public long Expire;
            public bool IsValid => Expire > DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        }

        static unsafe class Callbacks
        {
            static Key? Find(byte* name) => null;
            static Key? s_current;
            static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            static Key? CurrentKey() => s_current is { } key && key.Expire > Now() ? key : null;

        """;

    [Fact]
    public Task Decrypt_path_without_expiry_check_is_reported() => Verify.VerifyAsync(Header + """
            [UnmanagedCallersOnly]
            static int NoCheck(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 1)
                {
                    return 0;
                }

                Key? key = Find(keyName);
                if (key is null) return 0;
                EVP_DecryptInit_ex(ctx, EVP_aes_128_cbc(), 0, key.Aes, iv);
                return keyName[0] == 0 ? {|TKP005:2|} : {|TKP005:1|};
            }

            [UnmanagedCallersOnly]
            static int CheckOnOneBranchOnly(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0) return 0;
                Key? key = Find(keyName);
                if (key is null) return 0;
                if (keyName[1] == 7)
                {
                    if (key.Expire < Now()) return 0;
                }

                return {|TKP005:1|};
            }
        }
        """);

    [Fact]
    public Task Encrypt_path_with_an_unchecked_key_is_reported() => Verify.VerifyAsync(Header + """
            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc == 0) return 0;
                Key? key = s_current;
                if (key is null) return 0;
                EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), 0, key.Aes, iv);
                return {|#0:1|};
            }
        }
        """,
        new DiagnosticResult("TKP005", DiagnosticSeverity.Warning).WithLocation(0)
            .WithMessage("The encrypt path issues a ticket with a key from 's_current' whose validity is never checked; choose a key whose window allows encrypting now"));

    [Fact]
    public Task Checks_on_every_path_are_silent() => Verify.VerifyAsync(Header + """
            [UnmanagedCallersOnly]
            static int ManPageShape(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0)
                {
                    Key? current = CurrentKey();
                    if (current is null) return 0;
                    return 1;
                }

                Key? key = Find(keyName);
                if (key is null || key.Expire < Now()) return 0;
                return key.Expire - Now() < 3600 ? 2 : 1;
            }

            [UnmanagedCallersOnly]
            static int PropertyHelper(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0) return 0;
                Key? key = Find(keyName);
                bool usable = key is not null && key.IsValid;
                if (!usable) return 0;
                return 1;
            }
        }
        """);

    [Fact]
    public Task Provider_lookup_without_window_is_reported() => Verify.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using TicketKeys;

        [TicketKeyProvider]
        sealed partial class Keys
        {
            private readonly List<TicketKey> _keys = new();

            [EncryptionKey] TicketKey? Current() => _keys.Count > 0 ? _keys[0] : null;

            [DecryptionKey]
            TicketKeyLookup Find(ReadOnlySpan<byte> name)
            {
                foreach (TicketKey key in _keys)
                {
                    if (key.HasName(name))
                    {
                        return {|TKP005:TicketKeyLookup.Resume(key)|};
                    }
                }

                return TicketKeyLookup.UnknownKey;
            }
        }
        """);

    [Fact]
    public Task Provider_lookup_that_checks_the_window_is_silent() => Verify.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using TicketKeys;

        [TicketKeyProvider]
        sealed partial class Keys(TimeProvider time)
        {
            private readonly List<TicketKey> _keys = new();

            [EncryptionKey] TicketKey? Current() => _keys.Count > 0 ? _keys[0] : null;

            [DecryptionKey]
            TicketKeyLookup Find(ReadOnlySpan<byte> name)
            {
                DateTimeOffset now = time.GetUtcNow();
                foreach (TicketKey key in _keys)
                {
                    if (key.HasName(name))
                    {
                        if (!key.Window.CanDecryptAt(now)) return TicketKeyLookup.Expired;
                        return key.Window.IsRenewalDue(now) ? TicketKeyLookup.Renew(key) : TicketKeyLookup.Resume(key);
                    }
                }

                return TicketKeyLookup.UnknownKey;
            }
        }

        [TicketKeyProvider]
        sealed partial class Delegating(TicketKeyRing ring)
        {
            [EncryptionKey] TicketKey? Current() => ring.GetEncryptionKey();
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => ring.Find(name);
        }
        """);
}
