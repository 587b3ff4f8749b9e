using System;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TicketKeys.Analyzers.Callbacks;

/// <summary>
/// Base of the rules about hand-written native ticket callbacks. Each method, local function or lambda with the
/// callback's shape is analysed from its own body, so that its diagnostics are local to it (the IDE shows them as you
/// type), when its address or delegate is passed to an OpenSSL ticket-callback setter in the same file
/// (<see cref="CallbackRegistration"/>) or it is marked [UnmanagedCallersOnly] and not passed there to another native
/// setter; a method registered from another file is analysed once the whole compilation has been seen
/// (<see cref="CrossFileRegistrations"/>). The analysis is built once per body and
/// shared by all rules.
/// </summary>
public abstract class TicketCallbackAnalyzer : DiagnosticAnalyzer
{
    private const string UnmanagedCallersOnlyName = "System.Runtime.InteropServices.UnmanagedCallersOnlyAttribute";

    private static readonly ConditionalWeakTable<ControlFlowGraph, Recognition> SharedCallbacks = new();

    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? unmanagedCallersOnly = start.Compilation.GetTypeByMetadataName(UnmanagedCallersOnlyName);
            var crossFile = new CrossFileRegistrations();
            start.RegisterOperationAction(body => AnalyzeMethod(body, unmanagedCallersOnly, crossFile), OperationKind.MethodBody);
            start.RegisterOperationAction(crossFile.CollectRegistrations, OperationKind.Invocation);
            start.RegisterCompilationEndAction(end => crossFile.AnalyzeRegistered(end, AnalyzeCallback));
            start.RegisterOperationAction(AnalyzeFunction, OperationKind.AnonymousFunction, OperationKind.LocalFunction);
            OnCompilationStart(start);
        });
    }

    /// <summary>Checks one callback; <paramref name="report"/> reports a diagnostic.</summary>
    internal abstract void AnalyzeCallback(TicketCallback callback, Action<Diagnostic> report);

    /// <summary>Lets a rule register more actions, such as the provider checks of the same rule.</summary>
#pragma warning disable RS1012 // The default registers nothing; rules that check providers too override it.
    private protected virtual void OnCompilationStart(CompilationStartAnalysisContext context)
    {
    }
#pragma warning restore RS1012

    private static bool IsMarked(IMethodSymbol method, INamedTypeSymbol? unmanagedCallersOnly) =>
        unmanagedCallersOnly is not null
        && method.GetAttributes().Any(attribute => SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, unmanagedCallersOnly));

    /// <summary>
    /// Registered as the ticket callback in its own file, or marked [UnmanagedCallersOnly] and not passed there to
    /// another native setter (such a method waits for the compilation's registrations, like an unmarked one).
    /// </summary>
    private static bool IsTicketCallbackInTree(IMethodSymbol method, INamedTypeSymbol? unmanagedCallersOnly, SemanticModel? model, System.Threading.CancellationToken cancellationToken) =>
        CallbackRegistration.IsRegisteredInTree(method, model, cancellationToken)
        || IsMarked(method, unmanagedCallersOnly) && !CallbackRegistration.IsPassedToOtherNativeFunctionInTree(method, model, cancellationToken);

    private static Location NameLocation(IOperation function, IMethodSymbol symbol) => function.Syntax switch
    {
        LambdaExpressionSyntax lambda => lambda.ArrowToken.GetLocation(),
        AnonymousMethodExpressionSyntax anonymous => anonymous.DelegateKeyword.GetLocation(),
        _ => symbol.Locations[0],
    };

    private static ControlFlowGraph? FindFunctionGraph(ControlFlowGraph graph, IMethodSymbol function, int depth)
    {
        if (depth > 4)
        {
            return null;
        }

        foreach (IMethodSymbol local in graph.LocalFunctions)
        {
            ControlFlowGraph localGraph = graph.GetLocalFunctionControlFlowGraph(local);
            if (SymbolEqualityComparer.Default.Equals(local, function))
            {
                return localGraph;
            }

            if (FindFunctionGraph(localGraph, function, depth + 1) is { } nested)
            {
                return nested;
            }
        }

        foreach (BasicBlock block in graph.Blocks)
        {
            foreach (IOperation root in block.Operations.Concat(block.BranchValue is null ? Enumerable.Empty<IOperation>() : new[] { block.BranchValue }))
            {
                foreach (IFlowAnonymousFunctionOperation lambda in root.DescendantsAndSelf().OfType<IFlowAnonymousFunctionOperation>())
                {
                    ControlFlowGraph lambdaGraph = graph.GetAnonymousFunctionControlFlowGraph(lambda);
                    if (SymbolEqualityComparer.Default.Equals(lambda.Symbol, function))
                    {
                        return lambdaGraph;
                    }

                    if (FindFunctionGraph(lambdaGraph, function, depth + 1) is { } nested)
                    {
                        return nested;
                    }
                }
            }
        }

        return null;
    }

    private void AnalyzeMethod(OperationAnalysisContext context, INamedTypeSymbol? unmanagedCallersOnly, CrossFileRegistrations crossFile)
    {
        if (context.ContainingSymbol is not IMethodSymbol method || !CallbackShape.Matches(method))
        {
            return;
        }

        ControlFlowGraph methodGraph = context.GetControlFlowGraph();
        Recognition recognition = SharedCallbacks.GetValue(methodGraph, graph => new Recognition(
            IsTicketCallbackInTree(method, unmanagedCallersOnly, context.Operation.SemanticModel, context.CancellationToken)
                ? new TicketCallback(method, graph, method.Locations[0], context.Operation.SemanticModel)
                : null));
        if (recognition.Callback is { } callback)
        {
            AnalyzeCallback(callback, context.ReportDiagnostic);
        }
        else
        {
            crossFile.Defer(method, methodGraph, context.Operation.SemanticModel);
        }
    }

    private void AnalyzeFunction(OperationAnalysisContext context)
    {
        IMethodSymbol? function = context.Operation switch
        {
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            ILocalFunctionOperation local => local.Symbol,
            _ => null,
        };

        if (function is null || !CallbackShape.Matches(function)
            || FindFunctionGraph(context.GetControlFlowGraph(), function, 0) is not { } functionGraph)
        {
            return;
        }

        Recognition recognition = SharedCallbacks.GetValue(functionGraph, graph => new Recognition(
            CallbackRegistration.IsRegistered(context.Operation, function, context.CancellationToken)
                ? new TicketCallback(function, graph, NameLocation(context.Operation, function), context.Operation.SemanticModel)
                : null));
        if (recognition.Callback is { } callback)
        {
            AnalyzeCallback(callback, context.ReportDiagnostic);
        }
    }

    /// <summary>Whether a body is a ticket callback, and its analysis when it is.</summary>
    private sealed class Recognition
    {
        public Recognition(TicketCallback? callback) => Callback = callback;

        public TicketCallback? Callback { get; }
    }
}
