using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace TicketKeys.Generator.Tests;

public class ProviderShapeTests
{
    [Fact]
    public void Sealed_class_with_primary_constructor_in_file_scoped_namespace()
    {
        const string source = """
            using System;
            using TicketKeys;

            namespace Fleet.Keys;

            [TicketKeyProvider]
            public sealed partial class FleetTicketKeys(TicketKeyRing ring)
            {
                [EncryptionKey]
                private TicketKey? Current() => ring.GetEncryptionKey();

                [DecryptionKey]
                private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => ring.Find(keyName);
            }
            """;

        GeneratedSourceResult generated = GeneratorHarness.RunAndCompile(source).Single();

        Assert.Equal("Fleet.Keys.FleetTicketKeys.TicketKeyProvider.g.cs", generated.HintName);
        SnapshotVerifier.Verify(generated.SourceText.ToString(), "SealedClass");
    }

    [Fact]
    public void Record_class_with_options_in_block_namespace()
    {
        const string source = """
            using System;
            using TicketKeys;

            namespace Strict
            {
                [TicketKeyProvider(EncryptFailure = TicketEncryptFailure.AbortHandshake, RenewOnTls13Resumption = false, MinimumKeyBits = 256)]
                internal partial record StrictTicketKeys(TicketKeyRing Ring)
                {
                    [EncryptionKey]
                    public TicketKey? Issue() => Ring.GetEncryptionKey();

                    [DecryptionKey]
                    public TicketKeyLookup Lookup(ReadOnlySpan<byte> name) => Ring.Find(name);
                }
            }
            """;

        GeneratedSourceResult generated = GeneratorHarness.RunAndCompile(source).Single();

        SnapshotVerifier.Verify(generated.SourceText.ToString(), "RecordWithOptions");
    }

    [Fact]
    public void Class_nested_in_partial_types_in_the_global_namespace()
    {
        const string source = """
            using System;
            using TicketKeys;

            public partial record Server
            {
                internal partial struct Listeners
                {
                    [TicketKeyProvider]
                    private partial class PerHostKeys
                    {
                        private readonly TicketKeyRing _ring = new();

                        [EncryptionKey]
                        internal TicketKey? Current() => _ring.GetEncryptionKey();

                        [DecryptionKey]
                        internal TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => _ring.Find(keyName);
                    }
                }
            }
            """;

        GeneratedSourceResult generated = GeneratorHarness.RunAndCompile(source).Single();

        Assert.Equal("Server.Listeners.PerHostKeys.TicketKeyProvider.g.cs", generated.HintName);
        SnapshotVerifier.Verify(generated.SourceText.ToString(), "NestedClass");
    }

    [Fact]
    public void Key_methods_taking_the_connection_context_and_a_session_age_cap()
    {
        const string source = """
            using System;
            using TicketKeys;

            namespace Hosts;

            [TicketKeyProvider(MaxSessionAgeSeconds = 3600)]
            public sealed partial class HostKeys(TicketKeyRing ring)
            {
                [EncryptionKey]
                private TicketKey? Current(in TicketCallbackContext context) => context.IsTls13 ? ring.GetEncryptionKey() : null;

                [DecryptionKey]
                private TicketKeyLookup Find(ReadOnlySpan<byte> keyName, in TicketCallbackContext context) =>
                    context.ServerNameUtf8.IsEmpty ? TicketKeyLookup.UnknownKey : ring.Find(keyName);
            }
            """;

        GeneratedSourceResult generated = GeneratorHarness.RunAndCompile(source).Single();

        SnapshotVerifier.Verify(generated.SourceText.ToString(), "ContextParameters");
    }

    [Theory]
    [InlineData("[EncryptionKey] TicketKey? E(in TicketCallbackContext c) => null; [DecryptionKey] TicketKeyLookup D(ReadOnlySpan<byte> n) => default;", "provider.E(in context)", "provider.D(new global::System.ReadOnlySpan<byte>(keyName, 16))")]
    [InlineData("[EncryptionKey] TicketKey? E() => null; [DecryptionKey] TicketKeyLookup D(ReadOnlySpan<byte> n, in TicketCallbackContext c) => default;", "provider.E()", "provider.D(new global::System.ReadOnlySpan<byte>(keyName, 16), in context)")]
    public void The_context_is_passed_only_to_the_methods_that_declare_it(string members, string encryptCall, string decryptCall)
    {
        string source = $$"""
            using System;
            using TicketKeys;

            [TicketKeyProvider]
            public partial class P { {{members}} }
            """;

        string generated = GeneratorHarness.RunAndCompile(source).Single().SourceText.ToString();

        Assert.Contains(encryptCall, generated, System.StringComparison.Ordinal);
        Assert.Contains(decryptCall, generated, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Without_unsafe_code_only_an_AttachTo_that_throws_is_generated_and_everything_compiles()
    {
        const string provider = """
            using System;
            using TicketKeys;

            namespace Safe;

            [TicketKeyProvider]
            public sealed partial class SafeKeys(TicketKeyRing ring)
            {
                [EncryptionKey] private TicketKey? Current() => ring.GetEncryptionKey();
                [DecryptionKey] private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => ring.Find(keyName);
            }
            """;
        const string caller = """
            namespace Safe;

            public static class Wiring
            {
                public static TicketKeys.TicketKeyAttachment Attach(SafeKeys keys, nint context) => keys.AttachTo(context);
            }
            """;

        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(allowUnsafe: false, provider, caller);
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning));
        string generated = output.SyntaxTrees.Last().ToString();
        Assert.DoesNotContain("UnmanagedCallersOnly", generated, System.StringComparison.Ordinal);
        Assert.DoesNotContain("byte*", generated, System.StringComparison.Ordinal);
        SnapshotVerifier.Verify(generated, "WithoutUnsafeCode");
    }

    [Fact]
    public void Several_providers_in_one_compilation_get_one_file_each()
    {
        string[] sources = new[] { "One", "Two", "Three" }.Select(name => $$"""
            using System;
            using TicketKeys;

            namespace Many;

            [TicketKeyProvider]
            public partial class {{name}}Keys
            {
                [EncryptionKey] TicketKey? Current() => null;
                [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => TicketKeyLookup.UnknownKey;
            }
            """).ToArray();

        ImmutableArray<GeneratedSourceResult> generated = GeneratorHarness.RunAndCompile(sources);

        Assert.Equal(
            ["Many.OneKeys.TicketKeyProvider.g.cs", "Many.ThreeKeys.TicketKeyProvider.g.cs", "Many.TwoKeys.TicketKeyProvider.g.cs"],
            generated.Select(source => source.HintName).Order());
    }

    [Theory]
    [InlineData("public class P { [EncryptionKey] TicketKey? E() => null; [DecryptionKey] TicketKeyLookup D(ReadOnlySpan<byte> n) => default; }")]
    [InlineData("public static partial class P { }")]
    [InlineData("public partial class P<T> { [EncryptionKey] TicketKey? E() => null; [DecryptionKey] TicketKeyLookup D(ReadOnlySpan<byte> n) => default; }")]
    [InlineData("public partial class P { [DecryptionKey] TicketKeyLookup D(ReadOnlySpan<byte> n) => default; }")]
    [InlineData("public partial class P { [EncryptionKey] TicketKey? E() => null; }")]
    [InlineData("public partial class P { [EncryptionKey] TicketKey? E() => null; [EncryptionKey] TicketKey? F() => null; [DecryptionKey] TicketKeyLookup D(ReadOnlySpan<byte> n) => default; }")]
    [InlineData("public partial class P { [EncryptionKey] static TicketKey? E() => null; [DecryptionKey] TicketKeyLookup D(ReadOnlySpan<byte> n) => default; }")]
    [InlineData("public partial class P { [EncryptionKey] TicketKey? E(int x) => null; [DecryptionKey] TicketKeyLookup D(ReadOnlySpan<byte> n) => default; }")]
    [InlineData("public partial class P { [EncryptionKey] TicketKey? E() => null; [DecryptionKey] TicketKeyLookup D(byte[] n) => default; }")]
    [InlineData("public partial class P { [EncryptionKey] TicketKey? E() => null; [DecryptionKey] bool D(ReadOnlySpan<byte> n) => false; }")]
    [InlineData("public partial class P { [EncryptionKey] TicketKey? E() => null; [DecryptionKey] TicketKeyLookup D(ref ReadOnlySpan<byte> n) => default; }")]
    [InlineData("public partial class P { TicketKey? _key; [EncryptionKey] ref TicketKey? E() => ref _key; [DecryptionKey] TicketKeyLookup D(ReadOnlySpan<byte> n) => default; }")]
    [InlineData("public class Outer { [TicketKeyProvider] public partial class Inner { [EncryptionKey] TicketKey? E() => null; [DecryptionKey] TicketKeyLookup D(ReadOnlySpan<byte> n) => default; } }")]
    [InlineData("public partial class Outer<T> { [TicketKeyProvider] public partial class Inner { [EncryptionKey] TicketKey? E() => null; [DecryptionKey] TicketKeyLookup D(ReadOnlySpan<byte> n) => default; } }")]
    public void Unsupported_shapes_generate_nothing_and_report_nothing(string declaration)
    {
        string source = $"""
            using System;
            using TicketKeys;

            {(declaration.StartsWith("public class Outer", System.StringComparison.Ordinal) || declaration.Contains("Outer<", System.StringComparison.Ordinal) ? string.Empty : "[TicketKeyProvider]")}
            {declaration}
            """;

        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.CreateCompilation(source));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        Assert.Empty(result.GeneratedSources);
        Assert.Empty(result.Diagnostics);
    }
}
