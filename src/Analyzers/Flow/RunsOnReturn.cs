using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// Whether an expression inside a function runs whenever the function returns normally, read from syntax: it is not in
/// a branch (<c>if</c>/<c>else</c> bodies, loop bodies, switch sections, <c>?:</c> arms, the right of <c>&amp;&amp;</c>,
/// <c>||</c>, <c>??</c> or <c>?.</c>, a catch), not in a nested lambda or local function, and no <c>return</c>,
/// <c>yield break</c> or <c>goto</c> comes before it. An <c>if</c> condition runs: <c>if (RAND_bytes(p, n) != 1) throw</c>.
/// </summary>
internal static class RunsOnReturn
{
    public static bool Holds(SyntaxNode node, SyntaxNode function)
    {
        SyntaxNode child = node;
        while (child != function)
        {
            if (child.Parent is not { } parent || parent != function && !RunsWithParent(child, parent))
            {
                return false;
            }

            child = parent;
        }

        return !function
            .DescendantNodes(descendant => descendant == function || descendant is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(exit => exit.Span.End <= node.SpanStart
                && (exit is ReturnStatementSyntax or GotoStatementSyntax || exit.IsKind(SyntaxKind.YieldBreakStatement)));
    }

    private static bool RunsWithParent(SyntaxNode child, SyntaxNode parent) => parent switch
    {
        IfStatementSyntax @if => child == @if.Condition,
        WhileStatementSyntax loop => child == loop.Condition,
        ForStatementSyntax loop => child == loop.Declaration || loop.Initializers.Contains(child) || child == loop.Condition,
        CommonForEachStatementSyntax loop => child == loop.Expression,
        SwitchStatementSyntax @switch => child == @switch.Expression,
        SwitchExpressionSyntax @switch => child == @switch.GoverningExpression,
        ConditionalExpressionSyntax conditional => child == conditional.Condition,
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression) || binary.IsKind(SyntaxKind.LogicalOrExpression)
            || binary.IsKind(SyntaxKind.CoalesceExpression) => child == binary.Left,
        AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression) => child == assignment.Left,
        ConditionalAccessExpressionSyntax access => child == access.Expression,
        ElseClauseSyntax or CatchClauseSyntax or SwitchSectionSyntax or SwitchExpressionArmSyntax => false,
        AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax => false,
        _ => true,
    };
}
