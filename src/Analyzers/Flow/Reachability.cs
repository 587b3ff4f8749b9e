using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// Which blocks of a control flow graph run, given what a folder can decide about branch conditions; and which run
/// only when some blocks are avoided (a "must pass through" test).
/// </summary>
internal static class Reachability
{
    /// <summary>
    /// Blocks reachable from the entry, following only the branch a condition folds to when it folds, never entering
    /// blocks for which <paramref name="stopAt"/> is true (they are marked reachable but not left).
    /// </summary>
    public static bool[] From(ControlFlowGraph graph, Func<IOperation, bool?> foldCondition, Func<BasicBlock, bool>? stopAt = null)
    {
        bool[] reached = new bool[graph.Blocks.Length];
        var pending = new Stack<BasicBlock>();
        Visit(graph.Blocks[0], reached, pending);
        bool changed = true;
        while (changed)
        {
            while (pending.Count > 0)
            {
                BasicBlock block = pending.Pop();
                if (stopAt?.Invoke(block) == true)
                {
                    continue;
                }

                foreach (BasicBlock next in Successors(block, foldCondition))
                {
                    Visit(next, reached, pending);
                }
            }

            changed = EnterHandlers(graph, reached, pending);
        }

        return reached;
    }

    private static IEnumerable<BasicBlock> Successors(BasicBlock block, Func<IOperation, bool?> foldCondition)
    {
        ControlFlowBranch? conditional = block.ConditionalSuccessor;
        ControlFlowBranch? fallThrough = block.FallThroughSuccessor;
        if (conditional is not null && block.BranchValue is not null && foldCondition(block.BranchValue) is bool value)
        {
            bool jumps = value == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
            if ((jumps ? conditional : fallThrough)?.Destination is { } taken)
            {
                yield return taken;
            }

            yield break;
        }

        if (conditional?.Destination is { } conditionalDestination)
        {
            yield return conditionalDestination;
        }

        if (fallThrough?.Destination is { } fallThroughDestination)
        {
            yield return fallThroughDestination;
        }
    }

    private static void Visit(BasicBlock block, bool[] reached, Stack<BasicBlock> pending)
    {
        if (!reached[block.Ordinal])
        {
            reached[block.Ordinal] = true;
            pending.Push(block);
        }
    }

    /// <summary>Catch, filter and finally blocks have no incoming edges: they run when their try region does.</summary>
    private static bool EnterHandlers(ControlFlowGraph graph, bool[] reached, Stack<BasicBlock> pending)
    {
        bool entered = false;
        foreach (BasicBlock block in graph.Blocks)
        {
            if (reached[block.Ordinal])
            {
                continue;
            }

            ControlFlowRegion? region = block.EnclosingRegion;
            while (region is not null && region.Kind is not (ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.Finally))
            {
                region = region.EnclosingRegion;
            }

            if (region is null || region.FirstBlockOrdinal != block.Ordinal)
            {
                continue;
            }

            ControlFlowRegion? tryRegion = region.EnclosingRegion?.NestedRegions[0];
            if (tryRegion is not null && AnyReached(reached, tryRegion))
            {
                Visit(block, reached, pending);
                entered = true;
            }
        }

        return entered;
    }

    private static bool AnyReached(bool[] reached, ControlFlowRegion region)
    {
        for (int ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
        {
            if (reached[ordinal])
            {
                return true;
            }
        }

        return false;
    }
}
