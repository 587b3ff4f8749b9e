using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace TicketKeys.Analyzers.Tests.Infrastructure;

/// <summary>
/// Offline-safe compilation set-up shared by analyzer and code-fix tests: .NET 10 reference assemblies from
/// Basic.Reference.Assemblies, the runtime TicketKeys.dll, unsafe code allowed, and the OpenSSL declarations.
/// </summary>
internal static class TestSetup
{
    public static ReferenceAssemblies ReferenceAssemblies { get; } = new("net10.0");

    public static void Configure(SolutionState state, bool withNativeDeclarations)
    {
        state.AdditionalReferences.AddRange(Net100.References.All);
        state.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(TicketKey).Assembly.Location));
        if (withNativeDeclarations)
        {
            state.Sources.Add(("Native.cs", NativeDeclarations.Source));
        }
    }

    public static Solution AllowUnsafe(Solution solution, ProjectId projectId)
    {
        var options = (CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
        return solution.WithProjectCompilationOptions(projectId, options.WithAllowUnsafe(true));
    }
}
