using System.Threading.Tasks;
using Xunit;
using Verify = TicketKeys.Analyzers.Tests.Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.ProviderShapeAnalyzer>;

namespace TicketKeys.Analyzers.Tests;

public sealed class ProviderShapeTests
{
    [Fact]
    public Task Missing_and_duplicate_members_are_reported() => Verify.VerifyAsync("""
        using System;
        using TicketKeys;

        [TicketKeyProvider]
        partial class {|TKP002:NoDecryption|}
        {
            [EncryptionKey] TicketKey? Current() => null;
        }

        [TicketKeyProvider]
        partial class Twice
        {
            [EncryptionKey] TicketKey? Current() => null;
            [EncryptionKey] TicketKey? {|TKP002:Other|}() => null;
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => TicketKeyLookup.UnknownKey;
        }
        """);

    [Fact]
    public Task Key_methods_may_take_the_connection_context_by_in_reference_only() => Verify.VerifyAsync("""
        using System;
        using TicketKeys;

        [TicketKeyProvider]
        partial class WithContext
        {
            [EncryptionKey] TicketKey? Current(in TicketCallbackContext context) => null;
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name, in TicketCallbackContext context) => TicketKeyLookup.UnknownKey;
        }

        [TicketKeyProvider]
        partial class ContextByValueOrFirst
        {
            [EncryptionKey] TicketKey? {|TKP002:Current|}(TicketCallbackContext context) => null;
            [DecryptionKey] TicketKeyLookup {|TKP002:Find|}(in TicketCallbackContext context, ReadOnlySpan<byte> name) => TicketKeyLookup.UnknownKey;
        }
        """);

    [Fact]
    public Task Mistyped_members_are_reported() => Verify.VerifyAsync("""
        using System;
        using TicketKeys;

        [TicketKeyProvider]
        partial class Mistyped
        {
            [EncryptionKey] TicketKey? {|TKP002:Current|}(DateTimeOffset now) => null;
            [DecryptionKey] bool {|TKP002:Find|}(ReadOnlySpan<byte> name) => false;
        }

        [TicketKeyProvider]
        partial class StaticMembers
        {
            [EncryptionKey] static TicketKey? {|TKP002:Current|}() => null;
            [DecryptionKey] TicketKeyLookup {|TKP002:Find|}(byte[] name) => TicketKeyLookup.UnknownKey;
        }

        partial class NotMarked
        {
            [EncryptionKey] TicketKey? {|TKP002:Current|}() => null;
        }
        """);

    [Fact]
    public Task Unsupported_types_are_reported() => Verify.VerifyAsync("""
        using System;
        using TicketKeys;

        [TicketKeyProvider]
        static partial class {|TKP002:{|TKP002:{|TKP002:StaticKeys|}|}|}
        {
        }

        [TicketKeyProvider]
        partial class {|TKP002:Generic|}<T>
        {
            [EncryptionKey] TicketKey? Current() => null;
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => TicketKeyLookup.UnknownKey;
        }

        class Outer
        {
            [TicketKeyProvider]
            internal partial class {|TKP002:Inner|}
            {
                [EncryptionKey] TicketKey? Current() => null;
                [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => TicketKeyLookup.UnknownKey;
            }
        }

        partial class GenericOuter<T>
        {
            [TicketKeyProvider]
            internal partial class {|TKP002:Inner|}
            {
                [EncryptionKey] TicketKey? Current() => null;
                [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => TicketKeyLookup.UnknownKey;
            }
        }
        """);

    [Fact]
    public async Task A_project_without_unsafe_code_is_told_to_allow_it()
    {
        var test = new Infrastructure.AnalyzerVerifier<TicketKeys.Analyzers.Rules.ProviderShapeAnalyzer>.Test
        {
            TestCode = """
                using System;
                using TicketKeys;

                [TicketKeyProvider]
                partial class {|#0:Keys|}
                {
                    [EncryptionKey] TicketKey? Current() => null;
                    [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => TicketKeyLookup.UnknownKey;
                }
                """,

            // The shared native declarations need unsafe code; only the analyzer's verdict matters here.
            CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
        };
        test.SolutionTransforms.Clear();
        test.SolutionTransforms.Add((solution, project) => solution.WithProjectCompilationOptions(
            project, ((Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)solution.GetProject(project)!.CompilationOptions!).WithAllowUnsafe(false)));
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult(DiagnosticDescriptors.ProviderShape)
            .WithLocation(0)
            .WithArguments("Keys", "the generated native entry points take OpenSSL's pointers, so the project must allow unsafe code; add <AllowUnsafeBlocks>true</AllowUnsafeBlocks> to the project file"));
        await test.RunAsync();
    }

    [Fact]
    public Task Valid_providers_are_silent() => Verify.VerifyAsync("""
        using System;
        using TicketKeys;

        partial class Outer
        {
            [TicketKeyProvider]
            internal sealed partial record class Nested(TicketKeyRing Ring)
            {
                [EncryptionKey] private TicketKey? Current() => Ring.GetEncryptionKey();
                [DecryptionKey] private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => Ring.Find(keyName);
            }
        }
        """);

    [Fact]
    public Task Struct_provider_is_reported_even_though_the_attribute_is_misplaced() => Verify.VerifyBrokenCodeAsync("""
        using System;
        using TicketKeys;

        [TicketKeyProvider]
        partial struct {|TKP002:Keys|}
        {
            [EncryptionKey] TicketKey? Current() => null;
            [DecryptionKey] TicketKeyLookup Find(ReadOnlySpan<byte> name) => TicketKeyLookup.UnknownKey;
        }
        """);
}
