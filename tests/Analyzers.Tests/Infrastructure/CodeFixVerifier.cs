using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace TicketKeys.Analyzers.Tests.Infrastructure;

/// <summary>
/// Applies a code fix to every diagnostic in the markup and compares with the fixed code, which must compile and raise
/// nothing; the library also applies Fix All (document, project, solution) and checks the same result.
/// </summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string source, string fixedSource)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = TestSetup.ReferenceAssemblies,
            TestCode = source,
            FixedCode = fixedSource,
        };
        TestSetup.Configure(test.TestState, withNativeDeclarations: true);
        TestSetup.Configure(test.FixedState, withNativeDeclarations: true);
        test.SolutionTransforms.Add(TestSetup.AllowUnsafe);
        return test.RunAsync();
    }
}
