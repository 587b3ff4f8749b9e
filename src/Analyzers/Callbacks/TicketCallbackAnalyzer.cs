using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TicketKeys.Analyzers.Callbacks;

/// <summary>
/// Base of the rules about hand-written native ticket callbacks. Recognises a callback once, in either of two ways,
/// and hands each rule its <see cref="TicketCallback"/>: a method with the callback's shape marked
/// [UnmanagedCallersOnly], or a method, local function or lambda of that shape whose address or delegate is passed
/// to an OpenSSL ticket-callback setter (recognised by its native entry point).
/// </summary>
public abstract class TicketCallbackAnalyzer : DiagnosticAnalyzer
{
    private const string UnmanagedCallersOnlyName = "System.Runtime.InteropServices.UnmanagedCallersOnlyAttribute";

    private static readonly ConditionalWeakTable<ControlFlowGraph, TicketCallback> SharedCallbacks = new();

    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? unmanagedCallersOnly = start.Compilation.GetTypeByMetadataName(UnmanagedCallersOnlyName);
            var registeredCallbacks = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
            if (unmanagedCallersOnly is not null)
            {
                start.RegisterOperationAction(
                    body => AnalyzeMarkedMethod(body, unmanagedCallersOnly),
                    OperationKind.MethodBody);
            }

            start.RegisterOperationAction(
                call => AnalyzeRegistration(call, unmanagedCallersOnly, registeredCallbacks),
                OperationKind.Invocation);
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

    private static Location NameLocation(IOperation function) => function.Syntax switch
    {
        LambdaExpressionSyntax lambda => lambda.ArrowToken.GetLocation(),
        AnonymousMethodExpressionSyntax anonymous => anonymous.DelegateKeyword.GetLocation(),
        _ => function.Syntax.GetLocation(),
    };

    private static ControlFlowGraph? GraphOfRoot(IOperation operation)
    {
        IOperation root = operation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return root switch
        {
            IMethodBodyOperation body => ControlFlowGraph.Create(body),
            IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor),
            IFieldInitializerOperation field => ControlFlowGraph.Create(field),
            IPropertyInitializerOperation property => ControlFlowGraph.Create(property),
            IBlockOperation block => ControlFlowGraph.Create(block),
            _ => null,
        };
    }

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

    private void AnalyzeMarkedMethod(OperationAnalysisContext context, INamedTypeSymbol unmanagedCallersOnly)
    {
        if (context.ContainingSymbol is not IMethodSymbol method || !CallbackShape.Matches(method) || !IsMarked(method, unmanagedCallersOnly))
        {
            return;
        }

        // The driver hands every analyzer the same graph for a body; the callback's analysis is shared the same way.
        TicketCallback callback = SharedCallbacks.GetValue(
            context.GetControlFlowGraph(),
            graph => new TicketCallback(method, graph, method.Locations[0], context.Operation.SemanticModel));
        AnalyzeCallback(callback, context.ReportDiagnostic);
    }

    private void AnalyzeRegistration(OperationAnalysisContext context, INamedTypeSymbol? unmanagedCallersOnly, ConcurrentDictionary<ISymbol, bool> registeredCallbacks)
    {
        var call = (IInvocationOperation)context.Operation;
        foreach (IArgumentOperation argument in CallbackRegistration.CallbackArguments(call))
        {
            foreach (IOperation target in CallbackRegistration.TargetsOf(argument.Value))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                TicketCallback? callback = target switch
                {
                    IMethodReferenceOperation reference => CallbackForMethod(reference, unmanagedCallersOnly),
                    IAnonymousFunctionOperation lambda => CallbackForFunction(lambda, lambda.Symbol, NameLocation(lambda)),
                    _ => null,
                };

                if (callback is not null && registeredCallbacks.TryAdd(callback.Method, true))
                {
                    AnalyzeCallback(callback, context.ReportDiagnostic);
                }
            }
        }
    }

    private static TicketCallback? CallbackForMethod(IMethodReferenceOperation reference, INamedTypeSymbol? unmanagedCallersOnly)
    {
        IMethodSymbol method = reference.Method.OriginalDefinition;

        // A marked method is analysed from its own body; one declared elsewhere is outside this tree's semantic model.
        if (!CallbackShape.Matches(method) || IsMarked(method, unmanagedCallersOnly) || reference.SemanticModel is not { } model)
        {
            return null;
        }

        if (method.MethodKind == MethodKind.LocalFunction)
        {
            return CallbackForFunction(reference, method, method.Locations[0]);
        }

        foreach (SyntaxReference declaration in method.DeclaringSyntaxReferences)
        {
            if (declaration.SyntaxTree == model.SyntaxTree && model.GetOperation(declaration.GetSyntax()) is IMethodBodyOperation body)
            {
                return new TicketCallback(method, ControlFlowGraph.Create(body), method.Locations[0], model);
            }
        }

        return null;
    }

    private static TicketCallback? CallbackForFunction(IOperation anyOperationInScope, IMethodSymbol function, Location location)
    {
        if (!CallbackShape.Matches(function) || GraphOfRoot(anyOperationInScope) is not { } outerGraph)
        {
            return null;
        }

        return FindFunctionGraph(outerGraph, function, 0) is { } graph ? new TicketCallback(function, graph, location, anyOperationInScope.SemanticModel) : null;
    }
}
