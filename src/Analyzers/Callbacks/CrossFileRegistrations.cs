using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TicketKeys.Analyzers.Callbacks;

/// <summary>
/// Callbacks registered from another file than the one declaring them. Callback-shaped methods that are not
/// registered in their own file, and are not [UnmanagedCallersOnly] or are passed there to another native setter, wait
/// here until the whole compilation has been seen; those that some registration call passes are then analysed (in a
/// build, and in the IDE with full-solution analysis).
/// </summary>
internal sealed class CrossFileRegistrations
{
    private readonly ConcurrentDictionary<IMethodSymbol, byte> _registered = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, Candidate> _candidates = new(SymbolEqualityComparer.Default);

    /// <summary>Remembers a callback-shaped method whose registration, if any, is in another file.</summary>
    public void Defer(IMethodSymbol method, ControlFlowGraph graph, SemanticModel? model) =>
        _candidates.TryAdd(method.OriginalDefinition, new Candidate(method, graph, model));

    /// <summary>Notes the methods a registration call passes as the ticket callback.</summary>
    public void CollectRegistrations(OperationAnalysisContext context)
    {
        foreach (IArgumentOperation argument in CallbackRegistration.CallbackArguments((IInvocationOperation)context.Operation))
        {
            foreach (IOperation target in CallbackRegistration.TargetsOf(argument.Value))
            {
                if (target is IMethodReferenceOperation reference)
                {
                    _registered.TryAdd(reference.Method.OriginalDefinition, 0);
                }
            }
        }
    }

    /// <summary>Analyses every deferred method that turned out to be registered.</summary>
    public void AnalyzeRegistered(CompilationAnalysisContext context, Action<TicketCallback, Action<Diagnostic>> analyze)
    {
        foreach (var candidate in _candidates)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (_registered.ContainsKey(candidate.Key))
            {
                Candidate found = candidate.Value;
                analyze(new TicketCallback(found.Method, found.Graph, found.Method.Locations[0], found.Model), context.ReportDiagnostic);
            }
        }
    }

    private sealed class Candidate(IMethodSymbol method, ControlFlowGraph graph, SemanticModel? model)
    {
        public IMethodSymbol Method { get; } = method;

        public ControlFlowGraph Graph { get; } = graph;

        public SemanticModel? Model { get; } = model;
    }
}
