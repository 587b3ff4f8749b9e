using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// What each local and flow capture of a control flow graph holds when it is assigned exactly once; a value assigned
/// several times, incremented, or passed by reference is unknown. Lets the rules see through
/// <c>bool encrypting = enc != 0;</c>, <c>byte* p = iv;</c> and the captures a switch lowers to.
/// </summary>
internal sealed class FlowValues
{
    private readonly Dictionary<ILocalSymbol, IOperation?> _locals = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<CaptureId, IOperation?> _captures = new();
    private readonly Dictionary<CaptureId, List<IOperation>> _allCaptures = new();
    private readonly HashSet<IParameterSymbol> _writtenParameters = new(SymbolEqualityComparer.Default);

    /// <param name="graph">The graph.</param>
    /// <param name="model">The semantic model of the graph's tree: operations in a graph do not carry one.</param>
    public FlowValues(ControlFlowGraph graph, SemanticModel? model)
    {
        Model = model;
        foreach (BasicBlock block in graph.Blocks)
        {
            foreach (IOperation operation in block.Operations)
            {
                Record(operation);
            }

            if (block.BranchValue is not null)
            {
                Record(block.BranchValue);
            }
        }
    }

    /// <summary>The semantic model of the tree the graph was built from, for reading initialisers of fields declared there.</summary>
    public SemanticModel? Model { get; }

    /// <summary>The single value assigned to the local, or null when there is none or more than one.</summary>
    public IOperation? ValueOf(ILocalSymbol local) => _locals.TryGetValue(local, out IOperation? value) ? value : null;

    /// <summary>The single value captured under the id, or null when the capture has several (as a ternary's result).</summary>
    public IOperation? ValueOf(CaptureId capture) => _captures.TryGetValue(capture, out IOperation? value) ? value : null;

    /// <summary>Every value captured under the id (a conditional expression or short-circuit operator captures several).</summary>
    public IReadOnlyList<IOperation> AllValuesOf(CaptureId capture) =>
        _allCaptures.TryGetValue(capture, out List<IOperation>? values) ? values : System.Array.Empty<IOperation>();

    public bool IsWritten(IParameterSymbol parameter) => _writtenParameters.Contains(parameter);

    /// <summary>Follows locals and captures assigned once, and conversions, to the operation that produced a value.</summary>
    public IOperation Resolve(IOperation operation)
    {
        for (int depth = 0; depth < 16; depth++)
        {
            IOperation? next = operation switch
            {
                IConversionOperation conversion => conversion.Operand,
                ILocalReferenceOperation local => ValueOf(local.Local),
                IFlowCaptureReferenceOperation capture => ValueOf(capture.Id),
                _ => null,
            };

            if (next is null)
            {
                return operation;
            }

            operation = next;
        }

        return operation;
    }

    private void Record(IOperation root)
    {
        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IFlowCaptureOperation capture:
                    _captures[capture.Id] = _captures.ContainsKey(capture.Id) ? null : capture.Value;
                    if (!_allCaptures.TryGetValue(capture.Id, out List<IOperation>? all))
                    {
                        _allCaptures[capture.Id] = all = new List<IOperation>();
                    }

                    all.Add(capture.Value);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment:
                    _locals[local.Local] = _locals.ContainsKey(local.Local) ? null : assignment.Value;
                    break;
                case ISimpleAssignmentOperation { Target: IParameterReferenceOperation parameter }:
                    _writtenParameters.Add(parameter.Parameter);
                    break;
                case ICompoundAssignmentOperation compound:
                    MarkUnknown(compound.Target);
                    break;
                case IIncrementOrDecrementOperation increment:
                    MarkUnknown(increment.Target);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    MarkUnknown(deconstruction.Target);
                    break;
                case IAddressOfOperation { Reference: ILocalReferenceOperation or IParameterReferenceOperation } addressOf:
                    MarkUnknown(addressOf.Reference);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                    MarkUnknown(argument.Value);
                    break;
            }
        }
    }

    private void MarkUnknown(IOperation target)
    {
        foreach (IOperation written in target.DescendantsAndSelf())
        {
            switch (written)
            {
                case ILocalReferenceOperation local:
                    _locals[local.Local] = null;
                    break;
                case IParameterReferenceOperation parameter:
                    _writtenParameters.Add(parameter.Parameter);
                    break;
            }
        }
    }
}
