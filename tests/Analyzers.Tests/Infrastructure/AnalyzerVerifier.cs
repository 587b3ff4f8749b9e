using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace TicketKeys.Analyzers.Tests.Infrastructure;

/// <summary>Runs one analyzer over test code and compares its diagnostics with the <c>{|TKPxxx:...|}</c> markup.</summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Broken code: compiler errors are ignored; the analyzer must not throw (AD0001 fails the test) and reports only the markup.</summary>
    public static Task VerifyBrokenCodeAsync(string source)
    {
        var test = new Test { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
        return test.RunAsync();
    }

    internal sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestSetup.ReferenceAssemblies;
            TestSetup.Configure(TestState, withNativeDeclarations: true);
            SolutionTransforms.Add(TestSetup.AllowUnsafe);
        }
    }
}
