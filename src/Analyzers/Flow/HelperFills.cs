using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// The CSPRNG writes a call makes through the function it calls, each with the buffer it fills in the caller: a method
/// declared in any file of the compilation (wangle's <c>populateRandom(iv, AES_BLOCK_SIZE)</c>, read by
/// <see cref="SyntaxFills"/>), a local function (<see cref="OperationFills"/>), and a lambda, local function or method
/// passed to such a method that invokes it (<c>WithBuffer(iv, p =&gt; RandomNumberGenerator.Fill(new Span&lt;byte&gt;(p, 16)))</c>).
/// Summaries are computed once per function and cached per compilation.
/// </summary>
internal static class HelperFills
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, FillSummary>> Cache = new();

    public static IEnumerable<BufferWrite> Of(IInvocationOperation call, SemanticModel? model)
    {
        if (model is null)
        {
            yield break;
        }

        FillSummary summary = SummaryOf(call.TargetMethod, model);
        foreach (FunctionFill fill in summary.Fills)
        {
            if (fill.Parameter is { } span && Argument(call, span.Parameter) is { } destination)
            {
                yield return BufferWrite.CsprngThrough(call, destination, span.LengthParameter is int count ? Argument(call, count) : null, span.Length);
            }
            else if (fill.CapturedDestination is { } captured)
            {
                yield return BufferWrite.CsprngThrough(call, captured, fill.CapturedCount, null);
            }
        }

        foreach (DelegateCall delegateCall in summary.DelegateCalls)
        {
            if (Argument(call, delegateCall.DelegateParameter) is not { } passed || FunctionOf(passed) is not { } function)
            {
                continue;
            }

            foreach (FunctionFill fill in SummaryOf(function, model).Fills)
            {
                // The function fills its own parameter: the buffer the helper passes there, as the caller gave it.
                if (fill.Parameter is { } own && own.Parameter < delegateCall.Arguments.Length
                    && delegateCall.Arguments[own.Parameter] is { } passedSpan && Argument(call, passedSpan.Parameter) is { } destination)
                {
                    yield return BufferWrite.CsprngThrough(call, destination, passedSpan.LengthParameter is int count ? Argument(call, count) : null, own.Length ?? passedSpan.Length);
                }
                else if (fill.CapturedDestination is { } captured)
                {
                    yield return BufferWrite.CsprngThrough(call, captured, fill.CapturedCount, null);
                }
            }
        }
    }

    private static FillSummary SummaryOf(IMethodSymbol function, SemanticModel model)
    {
        function = function.OriginalDefinition;
        if (function.IsExtern || function.DeclaringSyntaxReferences.IsEmpty)
        {
            return FillSummary.None;
        }

        return Cache.GetValue(model.Compilation, static _ => new ConcurrentDictionary<IMethodSymbol, FillSummary>(SymbolEqualityComparer.Default))
            .GetOrAdd(function, symbol => Summarise(symbol, model));
    }

    /// <summary>Lambdas and local functions are code of the caller's tree, with captures: read as operations; methods as syntax.</summary>
    private static FillSummary Summarise(IMethodSymbol function, SemanticModel model)
    {
        if (function.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
        {
            SyntaxReference reference = function.DeclaringSyntaxReferences[0];
            return reference.SyntaxTree == model.SyntaxTree ? OperationFills.Summarise(function, reference.GetSyntax(), model) : FillSummary.None;
        }

        return SyntaxFills.Summarise(function, 0);
    }

    /// <summary>The function a delegate argument stands for: a lambda, a local function or a method group.</summary>
    private static IMethodSymbol? FunctionOf(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value is IDelegateCreationOperation creation
            ? creation.Target switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                IFlowAnonymousFunctionOperation lambda => lambda.Symbol,
                IMethodReferenceOperation method => method.Method,
                _ => null,
            }
            : null;
    }

    private static IOperation? Argument(IInvocationOperation call, int ordinal)
    {
        foreach (IArgumentOperation argument in call.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }
}
