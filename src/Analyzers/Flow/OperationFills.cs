using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// The <see cref="FillSummary"/> of a lambda or local function of the tree being analysed, read from its operations:
/// the CSPRNG fills that run whenever it returns (<see cref="RunsOnReturn"/>), of its own buffer parameters or of
/// buffers it captures from the caller (<c>void FillIv() =&gt; RandomNumberGenerator.Fill(new Span&lt;byte&gt;(iv, 16));</c>).
/// </summary>
internal static class OperationFills
{
    public static FillSummary Summarise(IMethodSymbol function, SyntaxNode declaration, SemanticModel model)
    {
        if (model.GetOperation(declaration) is not { } body)
        {
            return FillSummary.None;
        }

        var folder = new ConstantFolder(null, static _ => null);
        ImmutableArray<FunctionFill>.Builder fills = ImmutableArray.CreateBuilder<FunctionFill>();
        foreach (IOperation operation in body.DescendantsAndSelf())
        {
            if (BufferWrite.Of(operation) is not { Kind: BufferWriteKind.Csprng } write || !RunsOnReturn.Holds(operation.Syntax, declaration))
            {
                continue;
            }

            switch (Buffers.RootOf(write.Destination, null))
            {
                case IParameterSymbol parameter when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, function):
                    if (Buffers.OffsetOf(write.Destination, null) is 0)
                    {
                        int? lengthParameter = write.Count is IParameterReferenceOperation { Parameter: var count }
                            && SymbolEqualityComparer.Default.Equals(count.ContainingSymbol, function) ? count.Ordinal : null;
                        long? length = write.CountIn(folder) ?? Buffers.LengthOf(write.Destination, null);
                        fills.Add(FunctionFill.OfParameter(new ParameterSpan(parameter.Ordinal, lengthParameter is null ? length : null, lengthParameter)));
                    }

                    break;
                case IParameterSymbol or IFieldSymbol:
                case ILocalSymbol local when !SymbolEqualityComparer.Default.Equals(local.ContainingSymbol, function):
                    fills.Add(FunctionFill.OfCaptured(write.Destination, write.Count));
                    break;
            }
        }

        return fills.Count == 0 ? FillSummary.None : new FillSummary(fills.ToImmutable(), ImmutableArray<DelegateCall>.Empty);
    }
}
