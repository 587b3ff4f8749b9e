using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TicketKeys.Analyzers.Flow;

namespace TicketKeys.Analyzers.Callbacks;

/// <summary>
/// A recognised native ticket callback, <c>int (ssl, key_name, iv, ctx, hctx, enc)</c>: its control flow graph,
/// and for each block whether it runs when OpenSSL encrypts (<c>enc = 1</c>), decrypts (<c>enc = 0</c>), or both.
/// </summary>
internal sealed class TicketCallback
{
    private const long EncryptValue = 1;
    private const long DecryptValue = 0;

    private readonly ConstantFolder _encryptFolder;
    private readonly ConstantFolder _decryptFolder;
    private readonly bool[] _onEncrypt;
    private readonly bool[] _onDecrypt;
    private ImmutableArray<ReturnSite> _returns;

    public TicketCallback(IMethodSymbol method, ControlFlowGraph graph, Location location, SemanticModel? model)
    {
        Method = method;
        Graph = graph;
        Location = location;
        Values = new FlowValues(graph, model);
        _encryptFolder = FolderAssuming(EncryptValue);
        _decryptFolder = FolderAssuming(DecryptValue);
        bool encKnown = !Values.IsWritten(Enc);
        _onEncrypt = Reachability.From(graph, condition => encKnown ? _encryptFolder.FoldBoolean(condition) : null);
        _onDecrypt = Reachability.From(graph, condition => encKnown ? _decryptFolder.FoldBoolean(condition) : null);
    }

    public IMethodSymbol Method { get; }

    public ControlFlowGraph Graph { get; }

    /// <summary>Where to report about the callback as a whole: its name, or a lambda's arrow.</summary>
    public Location Location { get; }

    public FlowValues Values { get; }

    public IParameterSymbol KeyName => Method.Parameters[1];

    public IParameterSymbol Iv => Method.Parameters[2];

    public IParameterSymbol Enc => Method.Parameters[5];

    /// <summary>Every <c>return</c> with the block it leaves from (for a conditional expression, each arm's block).</summary>
    public ImmutableArray<ReturnSite> Returns => _returns.IsDefault ? _returns = FindReturns() : _returns;

    public bool RunsOnEncrypt(BasicBlock block) => _onEncrypt[block.Ordinal];

    public bool RunsOnDecrypt(BasicBlock block) => _onDecrypt[block.Ordinal];

    public bool OnlyOnEncrypt(BasicBlock block) => _onEncrypt[block.Ordinal] && !_onDecrypt[block.Ordinal];

    public bool OnlyOnDecrypt(BasicBlock block) => _onDecrypt[block.Ordinal] && !_onEncrypt[block.Ordinal];

    /// <summary>A folder that assumes <c>enc</c> is 1 (encrypt) or 0 (decrypt).</summary>
    public ConstantFolder FolderFor(long enc) => enc == EncryptValue ? _encryptFolder : _decryptFolder;

    private ConstantFolder FolderAssuming(long enc) =>
        new(Values, operation => operation is IParameterReferenceOperation parameter && SymbolEqualityComparer.Default.Equals(parameter.Parameter, Enc) ? enc : null);

    /// <summary>Every operation of the graph, nested ones included, with its block.</summary>
    public IEnumerable<(BasicBlock Block, IOperation Operation)> Operations()
    {
        foreach (BasicBlock block in Graph.Blocks)
        {
            foreach (IOperation root in block.Operations)
            {
                foreach (IOperation operation in root.DescendantsAndSelf())
                {
                    yield return (block, operation);
                }
            }

            if (block.BranchValue is not null)
            {
                foreach (IOperation operation in block.BranchValue.DescendantsAndSelf())
                {
                    yield return (block, operation);
                }
            }
        }
    }

    private ImmutableArray<ReturnSite> FindReturns()
    {
        ImmutableArray<ReturnSite>.Builder returns = ImmutableArray.CreateBuilder<ReturnSite>();
        foreach (BasicBlock block in Graph.Blocks)
        {
            if (block.FallThroughSuccessor?.Semantics != ControlFlowBranchSemantics.Return || block.BranchValue is null)
            {
                continue;
            }

            IOperation value = block.BranchValue;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            if (value is IFlowCaptureReferenceOperation capture && Values.ValueOf(capture.Id) is null)
            {
                AddCaptureArms(capture.Id, returns);
            }
            else
            {
                returns.Add(new ReturnSite(block, value, new ConstantFolder(Values, static _ => null).Fold(value) as long?));
            }
        }

        return returns.ToImmutable();
    }

    private void AddCaptureArms(CaptureId id, ImmutableArray<ReturnSite>.Builder returns)
    {
        foreach (BasicBlock block in Graph.Blocks)
        {
            foreach (IOperation operation in block.Operations)
            {
                if (operation is IFlowCaptureOperation capture && capture.Id.Equals(id))
                {
                    returns.Add(new ReturnSite(block, capture.Value, new ConstantFolder(Values, static _ => null).Fold(capture.Value) as long?));
                }
            }
        }
    }
}
