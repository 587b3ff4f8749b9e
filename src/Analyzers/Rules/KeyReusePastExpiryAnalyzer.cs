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
/// TKP005: a callback's decrypt path returns 1 or 2 on a path that never checks the key's expiry, or its encrypt path
/// issues a ticket with a key whose validity is never checked; a provider's [DecryptionKey] method returns
/// Resume/Renew without consulting the key's window or the clock.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeyReusePastExpiryAnalyzer : TicketCallbackAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.KeyReusePastExpiry);

    internal override void AnalyzeCallback(TicketCallback callback, Action<Diagnostic> report)
    {
        var checks = new ExpiryChecks(callback.Values);
        bool[] decryptUnchecked = Reachability.From(callback.Graph, callback.FolderFor(0).FoldBoolean, checks.IsCheck);
        bool[] encryptUnchecked = Reachability.From(callback.Graph, callback.FolderFor(1).FoldBoolean, checks.IsCheck);
        bool encryptReported = false;
        foreach (ReturnSite site in callback.Returns)
        {
            if (site.Constant is not (1 or 2) || checks.IsCheck(site.Block))
            {
                continue;
            }

            if (callback.RunsOnDecrypt(site.Block) && decryptUnchecked[site.Block.Ordinal])
            {
                report(Diagnostic.Create(DiagnosticDescriptors.KeyReusePastExpiry, site.Value.Syntax.GetLocation(),
                    $"The decrypt path returns {site.Constant} for a key whose expiry is not checked on that path; return 0 when the key has expired"));
            }
            else if (!encryptReported && callback.OnlyOnEncrypt(site.Block) && encryptUnchecked[site.Block.Ordinal])
            {
                encryptReported = true;
                string source = EncryptKeySource(callback) is { } seen ? $" from '{seen}'" : "";
                report(Diagnostic.Create(DiagnosticDescriptors.KeyReusePastExpiry, site.Value.Syntax.GetLocation(),
                    $"The encrypt path issues a ticket with a key{source} whose validity is never checked; choose a key whose window allows encrypting now"));
            }
        }
    }

    /// <summary>Where the AES key of the encrypt path's cipher set-up comes from, as written.</summary>
    private static string? EncryptKeySource(TicketCallback callback)
    {
        foreach ((BasicBlock block, IOperation bytes, string what) in KeyMaterial.In(callback))
        {
            if (what == KeyMaterial.AesKey && callback.RunsOnEncrypt(block) && KeySource.Describe(bytes, callback.Values) is { } source)
            {
                return source;
            }
        }

        return null;
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        if (ProviderTypes.From(context.Compilation) is not { } types)
        {
            return;
        }

        context.RegisterOperationAction(body => AnalyzeDecryptionKeyMethod(body, types), OperationKind.MethodBody);
    }

    private static void AnalyzeDecryptionKeyMethod(OperationAnalysisContext context, ProviderTypes types)
    {
        if (context.ContainingSymbol is not IMethodSymbol method || !types.Has(method, types.DecryptionKey))
        {
            return;
        }

        ControlFlowGraph graph = context.GetControlFlowGraph();
        var values = new FlowValues(graph, context.Operation.SemanticModel);
        var checks = new ExpiryChecks(values);
        bool[] uncheckedBlocks = Reachability.From(graph, new ConstantFolder(values, static _ => null).FoldBoolean, checks.IsCheck);
        foreach (BasicBlock block in graph.Blocks)
        {
            if (block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return && uncheckedBlocks[block.Ordinal] && !checks.IsCheck(block)
                && block.BranchValue is { } returned && values.Resolve(returned) is IInvocationOperation { TargetMethod.Name: "Resume" or "Renew" } accept
                && SymbolEqualityComparer.Default.Equals(accept.TargetMethod.ContainingType, types.Lookup))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.KeyReusePastExpiry, accept.Syntax.GetLocation(),
                    $"'{method.Name}' returns TicketKeyLookup.{accept.TargetMethod.Name} without consulting the key's window; return TicketKeyLookup.Expired unless key.Window.CanDecryptAt(now)"));
            }
        }
    }
}
