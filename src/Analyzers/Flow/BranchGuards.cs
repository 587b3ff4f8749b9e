using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace TicketKeys.Analyzers.Flow;

/// <summary>The conditions that lead straight into a block: for each conditional predecessor, its condition and whether it holds on that edge.</summary>
internal static class BranchGuards
{
    private const int MaxSteps = 4;

    public static List<(IOperation Condition, bool Holds)> Of(BasicBlock block)
    {
        var guards = new List<(IOperation, bool)>();
        Collect(block, guards, 0);
        return guards;
    }

    private static void Collect(BasicBlock block, List<(IOperation, bool)> guards, int steps)
    {
        foreach (ControlFlowBranch incoming in block.Predecessors)
        {
            BasicBlock source = incoming.Source;
            if (source.BranchValue is { } condition && source.ConditionalSuccessor is not null)
            {
                bool holds = incoming.IsConditionalSuccessor == (source.ConditionKind == ControlFlowConditionKind.WhenTrue);
                guards.Add((condition, holds));
            }
            else if (steps < MaxSteps && source.Kind == BasicBlockKind.Block && source.Operations.Length == 0)
            {
                Collect(source, guards, steps + 1);
            }
        }
    }
}
