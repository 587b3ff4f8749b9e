using System.Threading.Tasks;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.UnreachableRenewalAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

public sealed class UnreachableRenewalTests
{
    private const string Header = """
        using System;
        using System.Runtime.InteropServices;

        sealed class Key
        {
            public long Expire;
            public DateTimeOffset NotAfter;
        }

        static unsafe class Callbacks
        {
            const long RenewTime = 3600;
            static Key? Find(byte* name) => null;
            static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        """;

    [Fact]
    public Task Man_page_renewal_after_the_expiry_check_is_reported() => Verify.VerifyAsync(Header + """
            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0) return 0;
                Key? key = Find(keyName);
                if (key is null || key.Expire < Now()) return 0;
                if ({|TKP006:key.Expire < Now() - RenewTime|}) return 2;
                return 1;
            }

            [UnmanagedCallersOnly]
            static int Flipped(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0) return 0;
                Key? key = Find(keyName);
                if (key is null || Now() > key.Expire) return 0;
                return {|TKP006:Now() - RenewTime > key.Expire|} ? 2 : 1;
            }
        }
        """);

    [Fact]
    public Task Renewal_of_expired_keys_without_a_check_is_reported() => Verify.VerifyAsync(Header + """
            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0) return 0;
                Key? key = Find(keyName);
                if (key is null) return 0;
                if ({|TKP006:key.NotAfter < DateTimeOffset.UtcNow.AddHours(-1)|}) return 2;
                return 1;
            }
        }
        """);

    [Fact]
    public Task Renewal_before_expiry_is_silent() => Verify.VerifyAsync(Header + """
            [UnmanagedCallersOnly]
            static int Cb(nint ssl, byte* keyName, byte* iv, nint ctx, nint hctx, int enc)
            {
                if (enc != 0) return 0;
                Key? key = Find(keyName);
                if (key is null || key.Expire < Now()) return 0;
                if (key.Expire - Now() < RenewTime) return 2;
                if (key.Expire < Now() + RenewTime) return 2;
                return 1;
            }
        }
        """);

    [Fact]
    public Task Window_with_renewal_outside_the_lifetime_is_reported() => Verify.VerifyAsync("""
        using System;
        using TicketKeys;

        static class Windows
        {
            static TicketKeyWindow Late(DateTimeOffset now) =>
                new(now, {|TKP006:now + TimeSpan.FromHours(48)|}, now + TimeSpan.FromHours(24));

            static TicketKeyWindow Early(DateTimeOffset now) =>
                new(now, {|TKP006:now.AddHours(-1)|}, now.AddDays(1));

            static TicketKeyWindow Fine(DateTimeOffset now) =>
                new(now, now + TimeSpan.FromHours(12), now + TimeSpan.FromHours(36));

            static TicketKeyWindow Unknown(DateTimeOffset now, TimeSpan renew) =>
                new(now, now + renew, now + TimeSpan.FromHours(36));
        }
        """);
}
