using System.Threading.Tasks;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.ProviderMustBePartialAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

public sealed class ProviderMustBePartialTests
{
    [Fact]
    public Task Non_partial_providers_are_reported() => Verify.VerifyAsync("""
        using System;
        using TicketKeys;

        [TicketKeyProvider]
        public sealed class {|TKP001:Keys|}(TicketKeyRing ring)
        {
            [EncryptionKey] TicketKey? Current() => ring.GetEncryptionKey();
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => ring.Find(name);
        }

        [TicketKeyProvider(EncryptFailure = TicketEncryptFailure.AbortHandshake)]
        record class {|TKP001:RecordKeys|}(TicketKeyRing Ring)
        {
            [EncryptionKey] TicketKey? Current() => Ring.GetEncryptionKey();
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => Ring.Find(name);
        }
        """);

    [Fact]
    public Task Partial_providers_and_plain_classes_are_silent() => Verify.VerifyAsync("""
        using System;
        using TicketKeys;

        namespace Fleet;

        [TicketKeyProvider]
        public sealed partial class Keys(TicketKeyRing ring)
        {
            [EncryptionKey] TicketKey? Current() => ring.GetEncryptionKey();
        }

        public sealed partial class Keys
        {
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => ring.Find(name);
        }

        public sealed class NotAProvider
        {
        }
        """);
}
