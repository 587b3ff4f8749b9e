using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TicketKeys.Analyzers.Providers;
using TicketKeys.Roslyn;

namespace TicketKeys.Analyzers.Rules;

/// <summary>TKP001: a [TicketKeyProvider] type is not declared partial, so the generator cannot add its members.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProviderMustBePartialAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ProviderMustBePartial);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (ProviderTypes.From(start.Compilation) is not { } types)
            {
                return;
            }

            start.RegisterSymbolAction(symbol => AnalyzeType(symbol, types), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, ProviderTypes types)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (types.Has(type, types.Provider)
            && ProviderTypeShape.Problems(type, context.CancellationToken).Exists(problem => problem.Kind == ProviderTypeProblemKind.NotPartial))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ProviderMustBePartial, ProviderDeclarations.NameLocation(type), type.Name));
        }
    }
}
