using System.Threading.Tasks;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.KeyReusePastExpiryAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

/// <summary>
/// TKP005 on [DecryptionKey] lookups written with every loop shape: for, foreach, while, do-while, LINQ, Array.Find and
/// a helper. Each shape that consults the key's window is silent; the same shape without it is reported.
/// </summary>
public sealed class ProviderLookupShapeTests
{
    private const string Header = """
        using System;
        using System.Linq;
        using TicketKeys;

        """;

    [Fact]
    public Task For_loop() => VerifyBothAsync("""
            int i;
            for (i = 0; i < _keys.Length; i++)
            {
                TicketKey key = _keys[i];
                if (!key.HasName(name)) continue;
                CHECK
                return ACCEPT;
            }

            return TicketKeyLookup.UnknownKey;
        """);

    [Fact]
    public Task Foreach_loop() => VerifyBothAsync("""
            foreach (TicketKey key in _keys)
            {
                if (key.HasName(name))
                {
                    CHECK
                    return ACCEPT;
                }
            }

            return TicketKeyLookup.UnknownKey;
        """);

    [Fact]
    public Task While_loop() => VerifyBothAsync("""
            int i = 0;
            while (i < _keys.Length)
            {
                TicketKey key = _keys[i++];
                if (key.HasName(name))
                {
                    CHECK
                    return ACCEPT;
                }
            }

            return TicketKeyLookup.UnknownKey;
        """);

    [Fact]
    public Task Do_while_loop() => VerifyBothAsync("""
            if (_keys.Length == 0) return TicketKeyLookup.UnknownKey;
            int i = 0;
            do
            {
                TicketKey key = _keys[i];
                if (key.HasName(name))
                {
                    CHECK
                    return ACCEPT;
                }
            }
            while (++i < _keys.Length);
            return TicketKeyLookup.UnknownKey;
        """);

    [Fact]
    public Task Linq_predicate() => VerifyAsync(Provider("""
            byte[] wanted = name.ToArray();
            DateTimeOffset now = time.GetUtcNow();
            TicketKey? key = _keys.FirstOrDefault(k => k.HasName(wanted) && k.Window.CanDecryptAt(now));
            if (key is null) return TicketKeyLookup.UnknownKey;
            return TicketKeyLookup.Resume(key);
        """) + Provider("""
            byte[] wanted = name.ToArray();
            TicketKey? key = _keys.FirstOrDefault(k => k.HasName(wanted));
            if (key is null) return TicketKeyLookup.UnknownKey;
            return {|TKP005:TicketKeyLookup.Resume(key)|};
        """, "Unchecked"));

    [Fact]
    public Task Array_find() => VerifyAsync(Provider("""
            byte[] wanted = name.ToArray();
            DateTimeOffset now = time.GetUtcNow();
            TicketKey? key = Array.Find(_keys, k => k.HasName(wanted) && k.Window.CanDecryptAt(now));
            if (key is null) return TicketKeyLookup.UnknownKey;
            return TicketKeyLookup.Resume(key);
        """) + Provider("""
            byte[] wanted = name.ToArray();
            TicketKey? key = Array.Find(_keys, k => k.HasName(wanted));
            if (key is null) return TicketKeyLookup.UnknownKey;
            return {|TKP005:TicketKeyLookup.Resume(key)|};
        """, "Unchecked"));

    [Fact]
    public Task Helper() => VerifyAsync(Provider("""
            TicketKey? key = Usable(name);
            if (key is null) return TicketKeyLookup.UnknownKey;
            return TicketKeyLookup.Resume(key);
        }

        private TicketKey? Usable(ReadOnlySpan<byte> name)
        {
            foreach (TicketKey key in _keys)
            {
                if (key.HasName(name) && key.Window.CanDecryptAt(time.GetUtcNow())) return key;
            }

            return null;
        """) + Provider("""
            TicketKey? key = Named(name);
            if (key is null) return TicketKeyLookup.UnknownKey;
            return {|TKP005:TicketKeyLookup.Resume(key)|};
        }

        private TicketKey? Named(ReadOnlySpan<byte> name)
        {
            foreach (TicketKey key in _keys)
            {
                if (key.HasName(name)) return key;
            }

            return null;
        """, "Unchecked"));

    /// <summary>The loop with the window check in place is silent; without it, its Resume is reported.</summary>
    private static Task VerifyBothAsync(string loop) => VerifyAsync(
        Provider(loop.Replace("CHECK", "if (!key.Window.CanDecryptAt(time.GetUtcNow())) return TicketKeyLookup.Expired;").Replace("ACCEPT", "TicketKeyLookup.Resume(key)"))
        + Provider(loop.Replace("CHECK", "").Replace("ACCEPT", "{|TKP005:TicketKeyLookup.Resume(key)|}"), "Unchecked"));

    private static Task VerifyAsync(string providers) => Verify.VerifyAsync(Header + providers);

    private static string Provider(string body, string name = "Checked") => $$"""
        [TicketKeyProvider]
        sealed partial class {{name}}(TimeProvider time)
        {
            private readonly TicketKey[] _keys = Array.Empty<TicketKey>();

            [EncryptionKey] TicketKey? Current() => _keys.Length > 0 ? _keys[0] : null;

            [DecryptionKey]
            TicketKeyLookup Find(ReadOnlySpan<byte> name)
            {
        {{body}}
            }
        }

        """;
}
