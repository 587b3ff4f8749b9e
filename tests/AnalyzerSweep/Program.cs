using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using TicketKeys.Analyzers.Rules;

// The false-positive sweep: every C# file under each directory given on the command line is compiled as one loose
// project (the SDK's .NET 10 reference assemblies, unsafe code allowed, compiler errors tolerated) and every TicketKeys
// analyzer runs over it. Prints, per directory: files, callback-shaped methods and lambdas, those the analyzers treat
// as ticket callbacks (marked [UnmanagedCallersOnly] or passed to a ticket-callback setter), findings, analyzer
// exceptions and analyzer time. Exit code 1 when a directory without ticket callbacks gets a finding, or an analyzer throws.
//
//   dotnet run -c Release --project tests/AnalyzerSweep -- <dir> [<dir>...]
ImmutableArray<DiagnosticAnalyzer> analyzers = typeof(ExceptionEscapesCallbackAnalyzer).Assembly.GetTypes()
    .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
    .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
    .ToImmutableArray();

bool failed = false;
foreach (string directory in args)
{
    string[] paths = Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories);
    CSharpParseOptions parse = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);
    SyntaxTree[] trees = paths.Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parse, path)).ToArray();
    CSharpCompilation compilation = CSharpCompilation.Create(
        Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar)),
        trees,
        Net100.References.All,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));

    var exceptions = new ConcurrentQueue<string>();
    var options = new CompilationWithAnalyzersOptions(
        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
        (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name}: {exception.Message}"),
        concurrentAnalysis: true,
        logAnalyzerExecutionTime: true);
    CompilationWithAnalyzers withAnalyzers = compilation.WithAnalyzers(analyzers, options);
    var clock = Stopwatch.StartNew();
    ImmutableArray<Diagnostic> findings = await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
    clock.Stop();
    AnalyzerTelemetryInfo[] telemetry = await Task.WhenAll(analyzers.Select(analyzer => withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default))).ConfigureAwait(false);
    TimeSpan analyzerTime = telemetry.Aggregate(TimeSpan.Zero, (sum, info) => sum + info.ExecutionTime);

    (int shaped, int recognised) = CountCallbacks(compilation);
    int errors = compilation.GetDiagnostics().Count(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
    Console.WriteLine($"{directory}: {paths.Length} files, {errors} compiler errors tolerated, {shaped} callback-shaped functions, "
        + $"{recognised} ticket callbacks, {findings.Length} findings, {exceptions.Count} analyzer exceptions, "
        + $"analyzers {analyzerTime.TotalMilliseconds:0} ms (wall {clock.ElapsedMilliseconds} ms)");
    foreach (Diagnostic finding in findings)
    {
        Console.WriteLine($"  {finding}");
    }

    foreach (string exception in exceptions)
    {
        Console.WriteLine($"  AD0001 {exception}");
    }

    failed |= exceptions.Count > 0 || recognised == 0 && findings.Length > 0;
}

return failed ? 1 : 0;

// Functions with the ticket callback's shape, and how many of them are marked or passed to a ticket-callback setter by name.
static (int Shaped, int Recognised) CountCallbacks(CSharpCompilation compilation)
{
    int shaped = 0;
    int recognised = 0;
    foreach (SyntaxTree tree in compilation.SyntaxTrees)
    {
        SemanticModel model = compilation.GetSemanticModel(tree);
        SyntaxNode root = tree.GetRoot();
        bool registers = root.DescendantNodes().OfType<IdentifierNameSyntax>().Any(name =>
            name.Identifier.ValueText is "SSL_CTX_set_tlsext_ticket_key_cb" or "SSL_CTX_set_tlsext_ticket_key_evp_cb");
        foreach (SyntaxNode node in root.DescendantNodes())
        {
            if (node is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax))
            {
                continue;
            }

            IMethodSymbol? method = node is AnonymousFunctionExpressionSyntax
                ? model.GetSymbolInfo(node).Symbol as IMethodSymbol
                : model.GetDeclaredSymbol(node) as IMethodSymbol;
            if (method is null || !HasCallbackShape(method))
            {
                continue;
            }

            shaped++;
            if (registers || method.GetAttributes().Any(attribute => attribute.AttributeClass?.Name == "UnmanagedCallersOnlyAttribute"))
            {
                recognised++;
            }
        }
    }

    return (shaped, recognised);
}

static bool HasCallbackShape(IMethodSymbol method) =>
    method.ReturnType.SpecialType == SpecialType.System_Int32 && method.Parameters.Length == 6
    && method.Parameters.Take(5).All(parameter => parameter.Type.TypeKind == TypeKind.Pointer || parameter.Type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
    && method.Parameters[5].Type.SpecialType == SpecialType.System_Int32;
