using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TicketKeys.Analyzers.Callbacks;
using TicketKeys.Analyzers.Flow;
using TicketKeys.Analyzers.Providers;

namespace TicketKeys.Analyzers.Rules;

/// <summary>
/// TKP008: a callback's AES key, HMAC key or key name, or the bytes given to TicketKey.Create, come from literals in
/// the source: array initialisers, u8 strings, Encoding.GetBytes("…"), Convert.FromHexString("…"), FromBase64String("…").
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedKeyMaterialAnalyzer : TicketCallbackAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.HardCodedKeyMaterial);

    internal override void AnalyzeCallback(TicketCallback callback, Action<Diagnostic> report)
    {
        foreach ((BasicBlock _, IOperation bytes, string what) in KeyMaterial.In(callback))
        {
            if (HardCodedBytes.Describe(bytes, callback.Values) is { } source)
            {
                report(Diagnostic.Create(DiagnosticDescriptors.HardCodedKeyMaterial, bytes.Syntax.GetLocation(), what, source));
            }
        }
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        if (ProviderTypes.From(context.Compilation) is not { } types)
        {
            return;
        }

        context.RegisterOperationAction(call => AnalyzeCreate(call, types.TicketKey), OperationKind.Invocation);
    }

    private static void AnalyzeCreate(OperationAnalysisContext context, INamedTypeSymbol ticketKey)
    {
        var call = (IInvocationOperation)context.Operation;
        if (call.TargetMethod.Name != "Create" || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, ticketKey))
        {
            return;
        }

        FlowValues? values = null;
        foreach (IArgumentOperation argument in call.Arguments)
        {
            string? what = argument.Parameter?.Name switch
            {
                "name" => KeyMaterial.KeyName,
                "aesKey" => KeyMaterial.AesKey,
                "hmacKey" => KeyMaterial.HmacKey,
                _ => null,
            };

            if (what is null)
            {
                continue;
            }

            values ??= new FlowValues(context.GetControlFlowGraph(), call.SemanticModel);
            if (HardCodedBytes.Describe(argument.Value, values) is { } source)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HardCodedKeyMaterial, argument.Value.Syntax.GetLocation(), what, source));
            }
        }
    }
}
