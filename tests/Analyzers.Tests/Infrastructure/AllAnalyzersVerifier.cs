using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using TicketKeys.Analyzers.Rules;
using Xunit;

namespace TicketKeys.Analyzers.Tests.Infrastructure;

/// <summary>Runs every TicketKeys analyzer together over a compilation: exactly the markup's diagnostics must appear.</summary>
internal static class AllAnalyzersVerifier
{
    public static IReadOnlyList<DiagnosticAnalyzer> All { get; } = typeof(ExceptionEscapesCallbackAnalyzer).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
        .Select(type => (DiagnosticAnalyzer)System.Activator.CreateInstance(type)!)
        .ToArray();

    public static Task VerifyAsync(string source) => new Test { TestCode = source }.RunAsync();

    /// <summary>Several files as one project, with the test OpenSSL declarations: exactly the markup's diagnostics must appear.</summary>
    public static Task VerifyFilesAsync(params (string Name, string Content)[] files)
    {
        var test = new Test();
        foreach ((string name, string content) in files)
        {
            test.TestState.Sources.Add((name, content));
        }

        test.TestState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }

    /// <summary>
    /// Runs every analyzer over code that need not compile and returns their diagnostics; an analyzer exception fails
    /// (the driver would turn it into AD0001).
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> RunOnBrokenCodeAsync(string source)
    {
        var exceptions = new ConcurrentQueue<string>();
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Broken",
            new[] { CSharpSyntaxTree.ParseText(source, path: "Broken.cs"), CSharpSyntaxTree.ParseText(NativeDeclarations.Source, path: "Native.cs") },
            Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(TicketKey).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(All.ToImmutableArray(), options)
            .GetAnalyzerDiagnosticsAsync()
            .ConfigureAwait(false);
        Assert.Empty(exceptions);
        return diagnostics;
    }

    /// <summary>
    /// Several files as one project, without the test OpenSSL declarations and without the runtime reference (the files
    /// may be the runtime itself): compiler errors are ignored, every analyzer must stay silent and not throw.
    /// </summary>
    public static Task VerifySilentOnFilesAsync(IEnumerable<(string Name, string Content)> files)
    {
        var test = new Test(withReferences: false) { CompilerDiagnostics = CompilerDiagnostics.None };
        foreach ((string name, string content) in files)
        {
            test.TestState.Sources.Add((name, content));
        }

        return test.RunAsync();
    }

    private sealed class Test : CSharpAnalyzerTest<ExceptionEscapesCallbackAnalyzer, DefaultVerifier>
    {
        public Test(bool withReferences = true)
        {
            ReferenceAssemblies = TestSetup.ReferenceAssemblies;
            if (withReferences)
            {
                TestSetup.Configure(TestState, withNativeDeclarations: true);
            }
            else
            {
                TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
            }

            SolutionTransforms.Add(TestSetup.AllowUnsafe);
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => All;
    }
}
