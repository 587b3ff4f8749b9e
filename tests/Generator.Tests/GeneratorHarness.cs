using System;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace TicketKeys.Generator.Tests;

/// <summary>Runs the generator over source text against .NET 10 reference assemblies and the real runtime assembly.</summary>
internal static class GeneratorHarness
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(allowUnsafe: true, sources);

    public static CSharpCompilation CreateCompilation(bool allowUnsafe, params string[] sources) =>
        CSharpCompilation.Create(
            "ProviderTests",
            sources.Select(source => CSharpSyntaxTree.ParseText(source, ParseOptions)),
            [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(TicketKey).Assembly.Location)],
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                allowUnsafe: allowUnsafe,
                nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new TicketKeyProviderGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator and returns its sources, after checking the result compiles without any warning.</summary>
    public static ImmutableArray<GeneratedSourceResult> RunAndCompile(params string[] sources)
    {
        CSharpCompilation compilation = CreateCompilation(sources);
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);

        Diagnostic[] problems = output.GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning)
            .ToArray();
        Assert.True(problems.Length == 0, "The generated code does not compile cleanly:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => p.ToString())));
        return driver.GetRunResult().Results.Single().GeneratedSources;
    }
}
