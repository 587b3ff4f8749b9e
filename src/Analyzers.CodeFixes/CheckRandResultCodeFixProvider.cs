using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using TicketKeys.Analyzers.Rules;

namespace TicketKeys.Analyzers.CodeFixes;

/// <summary>
/// TKP004: turns a dropped RAND_bytes result into <c>if (RAND_bytes(...) != 1) { return -1; }</c>, and an inverted or
/// incomplete check into <c>RAND_bytes(...) != 1</c> (or <c>== 1</c> when the failure branch is the else).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CheckRandResultCodeFixProvider))]
[Shared]
public sealed class CheckRandResultCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = "TKP004.CheckResult";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.CsprngResultUnchecked);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call
                || !diagnostic.Properties.TryGetValue(CsprngResultUncheckedAnalyzer.FixProperty, out string? fix))
            {
                continue;
            }

            if (fix == CsprngResultUncheckedAnalyzer.GuardFix && call.FirstAncestorOrSelf<ExpressionStatementSyntax>() is { } statement)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Return -1 unless it returns 1", _ => Task.FromResult(Guard(context.Document, root, statement, call)), EquivalenceKey),
                    diagnostic);
            }
            else if (fix == CsprngResultUncheckedAnalyzer.ConditionFix
                && diagnostic.Properties.TryGetValue(CsprngResultUncheckedAnalyzer.OperatorProperty, out string? comparison)
                && ConditionOf(call) is { } condition)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Compare the result with 1", _ => Task.FromResult(Rewrite(context.Document, root, condition, call, comparison == "==")), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static ExpressionSyntax? ConditionOf(InvocationExpressionSyntax call)
    {
        for (SyntaxNode? node = call; node is ExpressionSyntax expression; node = node.Parent)
        {
            switch (node.Parent)
            {
                case IfStatementSyntax conditional when conditional.Condition == expression:
                    return expression;
                case ConditionalExpressionSyntax ternary when ternary.Condition == expression:
                    return expression;
            }
        }

        return null;
    }

    private static BinaryExpressionSyntax CompareWithOne(InvocationExpressionSyntax call, bool equals) =>
        SyntaxFactory.BinaryExpression(
            equals ? SyntaxKind.EqualsExpression : SyntaxKind.NotEqualsExpression,
            call.WithoutTrivia(),
            SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1)));

    private static Document Guard(Document document, SyntaxNode root, ExpressionStatementSyntax statement, InvocationExpressionSyntax call)
    {
        StatementSyntax guarded = SyntaxFactory.IfStatement(
                CompareWithOne(call, equals: false),
                SyntaxFactory.Block(SyntaxFactory.ParseStatement("return -1;")))
            .WithTriviaFrom(statement)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(statement, guarded));
    }

    private static Document Rewrite(Document document, SyntaxNode root, ExpressionSyntax condition, InvocationExpressionSyntax call, bool equals) =>
        document.WithSyntaxRoot(root.ReplaceNode(condition, CompareWithOne(call, equals).WithTriviaFrom(condition).WithAdditionalAnnotations(Formatter.Annotation)));
}
