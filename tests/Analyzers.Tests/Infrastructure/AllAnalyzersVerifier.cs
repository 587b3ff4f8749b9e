using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using TicketKeys.Analyzers.Rules;

namespace TicketKeys.Analyzers.Tests.Infrastructure;

/// <summary>Runs every TicketKeys analyzer together over a compilation: exactly the markup's diagnostics must appear.</summary>
internal static class AllAnalyzersVerifier
{
    public static IReadOnlyList<DiagnosticAnalyzer> All { get; } = typeof(ExceptionEscapesCallbackAnalyzer).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
        .Select(type => (DiagnosticAnalyzer)System.Activator.CreateInstance(type)!)
        .ToArray();

    public static Task VerifyAsync(string source) => new Test { TestCode = source }.RunAsync();

    /// <summary>
    /// Incomplete code: compiler errors are ignored; an analyzer exception (AD0001) fails the test. Diagnostics the rules
    /// report on such code are not asserted: the code means nothing yet.
    /// </summary>
    public static Task VerifyBrokenCodeAsync(string source)
    {
        var test = new Test { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
        test.DisabledDiagnostics.AddRange(All.SelectMany(analyzer => analyzer.SupportedDiagnostics).Select(descriptor => descriptor.Id));
        return test.RunAsync();
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
