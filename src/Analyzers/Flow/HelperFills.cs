using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// What a small helper of the same compilation fills from a CSPRNG: its own parameters (wangle's
/// <c>populateRandom(iv, AES_BLOCK_SIZE)</c>) or, for a local function or lambda, a buffer it captures. Summaries are
/// computed once per method and cached per compilation. Helpers are read when declared in the tree being analysed
/// (local functions always are); a helper of another file is not read, as its semantic model is not ours to build.
/// </summary>
internal static class HelperFills
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, ImmutableArray<Fill>>> Cache = new();

    /// <summary>The CSPRNG writes a call makes through the helper it calls, each with the buffer it fills in the caller.</summary>
    public static IEnumerable<BufferWrite> Of(IInvocationOperation call, SemanticModel? model)
    {
        IMethodSymbol helper = call.TargetMethod.OriginalDefinition;
        if (model is null || helper.IsExtern || helper.DeclaringSyntaxReferences.IsEmpty)
        {
            yield break;
        }

        ConcurrentDictionary<IMethodSymbol, ImmutableArray<Fill>> summaries =
            Cache.GetValue(model.Compilation, static _ => new ConcurrentDictionary<IMethodSymbol, ImmutableArray<Fill>>(SymbolEqualityComparer.Default));
        foreach (Fill fill in summaries.GetOrAdd(helper, method => Summarise(method, model)))
        {
            if (fill.Parameter is int ordinal)
            {
                foreach (IArgumentOperation argument in call.Arguments)
                {
                    if (argument.Parameter?.Ordinal == ordinal)
                    {
                        yield return BufferWrite.CsprngThrough(call, argument.Value, null);
                    }
                }
            }
            else if (fill.CapturedDestination is { } captured)
            {
                yield return BufferWrite.CsprngThrough(call, captured, null);
            }
        }
    }

    private static ImmutableArray<Fill> Summarise(IMethodSymbol helper, SemanticModel model)
    {
        ImmutableArray<Fill>.Builder fills = ImmutableArray.CreateBuilder<Fill>();
        foreach (SyntaxReference reference in helper.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree || model.GetOperation(reference.GetSyntax()) is not { } body)
            {
                continue;
            }

            foreach (IOperation operation in body.DescendantsAndSelf())
            {
                if (BufferWrite.Of(operation) is not { Kind: BufferWriteKind.Csprng } write)
                {
                    continue;
                }

                switch (Buffers.RootOf(write.Destination, null))
                {
                    case IParameterSymbol parameter when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, helper):
                        fills.Add(new Fill(parameter.Ordinal, null));
                        break;
                    case IParameterSymbol or IFieldSymbol:
                        // A local function's or lambda's write to what it captures from the caller.
                        fills.Add(new Fill(null, write.Destination));
                        break;
                }
            }
        }

        return fills.ToImmutable();
    }

    private readonly struct Fill
    {
        public Fill(int? parameter, IOperation? capturedDestination)
        {
            Parameter = parameter;
            CapturedDestination = capturedDestination;
        }

        public int? Parameter { get; }

        public IOperation? CapturedDestination { get; }
    }
}
