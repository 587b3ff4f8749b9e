using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TicketKeys.Generator;

namespace TicketKeys.Benchmarks;

/// <summary>
/// The generator's own cost on a synthetic compilation of 1,000 files, 50 of them providers: its first run, and a
/// re-run after an edit to one plain file, which must do no emit work. Timed with drivers that do not track steps, as
/// the compiler runs them; one more run with step tracking proves that the re-run's outputs all come from the cache.
/// Each round builds a fresh compilation over the same parsed trees, so parsing is not counted and no round reuses
/// another's binding work. The re-run is not free: ForAttributeWithMetadataName re-runs its transform for each provider
/// on the new compilation (that step reports Unchanged), which binds the 50 classes again; what it skips is the emit.
/// Part of <c>--quick</c> (QuickRatios calls it) and runnable alone with <c>--generator</c>.
/// </summary>
internal static class GeneratorCost
{
    private const int Files = 1_000;
    private const int Providers = 50;
    private const int Rounds = 7;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static void Run(Action<string, double> print)
    {
        List<(string Name, string Text)> sources = SyntheticSources.ProviderProject(Files, Providers);
        SyntaxTree[] trees = sources.Select(source => CSharpSyntaxTree.ParseText(source.Text, ParseOptions, source.Name)).ToArray();
        SyntaxTree plainTree = trees.Single(tree => tree.FilePath == SyntheticSources.PlainFileName(0));
        SyntaxTree editedTree = CSharpSyntaxTree.ParseText(SyntheticSources.Plain(0, edited: true), ParseOptions, plainTree.FilePath);
        MetadataReference[] references = [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(TicketKey).Assembly.Location)];

        // The first round warms the JIT up and is not counted.
        double[] firstRuns = new double[Rounds];
        double[] reruns = new double[Rounds];
        for (int round = -1; round < Rounds; round++)
        {
            CSharpCompilation compilation = CreateCompilation(trees, references);
            GeneratorDriver driver = CreateDriver(trackSteps: false);
            long start = Stopwatch.GetTimestamp();
            driver = driver.RunGenerators(compilation);
            double firstRun = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            CheckEveryProviderGenerated(driver.GetRunResult());

            CSharpCompilation edited = compilation.ReplaceSyntaxTree(plainTree, editedTree);
            start = Stopwatch.GetTimestamp();
            driver.RunGenerators(edited);
            double rerun = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (round >= 0)
            {
                firstRuns[round] = firstRun;
                reruns[round] = rerun;
            }
        }

        print("generator_first_run_ms", Median.Of(firstRuns));
        print("generator_rerun_ms", Median.Of(reruns));
        print("generator_rerun_uncached_outputs", UncachedOutputsAfterEdit(trees, references, plainTree, editedTree));
    }

    private static CSharpCompilation CreateCompilation(SyntaxTree[] trees, MetadataReference[] references) =>
        CSharpCompilation.Create(
            "Synthetic",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

    private static GeneratorDriver CreateDriver(bool trackSteps) =>
        CSharpGeneratorDriver.Create(
            [new TicketKeyProviderGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>A run that failed or missed providers would make every timing meaningless.</summary>
    private static void CheckEveryProviderGenerated(GeneratorDriverRunResult result)
    {
        GeneratorRunResult run = result.Results.Single();
        if (run.Exception is not null || run.GeneratedSources.Length != Providers)
        {
            throw new InvalidOperationException($"The generator produced {run.GeneratedSources.Length} files for {Providers} providers: {run.Exception}");
        }
    }

    /// <summary>
    /// Outputs of the re-run's tracked output steps (one per provider) whose reason is not Cached: 0 means the re-run
    /// emitted nothing. Fails when there are no tracked outputs at all, which would make 0 prove nothing.
    /// </summary>
    private static int UncachedOutputsAfterEdit(SyntaxTree[] trees, MetadataReference[] references, SyntaxTree plainTree, SyntaxTree editedTree)
    {
        CSharpCompilation compilation = CreateCompilation(trees, references);
        GeneratorDriver driver = CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult rerun = driver.RunGenerators(compilation.ReplaceSyntaxTree(plainTree, editedTree)).GetRunResult().Results.Single();
        IncrementalStepRunReason[] outputs = rerun.TrackedOutputSteps
            .SelectMany(step => step.Value)
            .SelectMany(run => run.Outputs)
            .Select(output => output.Reason)
            .ToArray();
        if (outputs.Length < Providers)
        {
            throw new InvalidOperationException($"The re-run tracked {outputs.Length} outputs for {Providers} providers.");
        }

        return outputs.Count(reason => reason != IncrementalStepRunReason.Cached);
    }
}
