using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace TicketKeys.Analyzers.CodeFixes;

/// <summary>
/// TKP010: wraps a ticket callback's body in <c>try { … } catch (Exception) { return enc == 0 ? 0 : -1; }</c>: after a
/// failure the decrypt path falls back to a full handshake (0) and the encrypt path reports an error (-1).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WrapCallbackInTryCatchCodeFixProvider))]
[Shared]
public sealed class WrapCallbackInTryCatchCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = "TKP010.WrapInTryCatch";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ExceptionEscapesCallback);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode? function = root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
            if (root is not null && function is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or ParenthesizedLambdaExpressionSyntax
                && EncParameter(function) is { } enc)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Catch every exception and return -1 (0 when decrypting)", cancellation => WrapAsync(context.Document, root, function, enc, cancellation), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static string? EncParameter(SyntaxNode function)
    {
        ParameterListSyntax? parameters = function switch
        {
            BaseMethodDeclarationSyntax method => method.ParameterList,
            LocalFunctionStatementSyntax local => local.ParameterList,
            ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList,
            _ => null,
        };

        return parameters is { Parameters.Count: 6 } ? parameters.Parameters[5].Identifier.ValueText : null;
    }

    private static async Task<Document> WrapAsync(Document document, SyntaxNode root, SyntaxNode function, string enc, CancellationToken cancellationToken)
    {
        (BlockSyntax? block, ArrowExpressionClauseSyntax? arrow, ExpressionSyntax? lambdaExpression) = function switch
        {
            BaseMethodDeclarationSyntax method => (method.Body, method.ExpressionBody, (ExpressionSyntax?)null),
            LocalFunctionStatementSyntax local => (local.Body, local.ExpressionBody, null),
            ParenthesizedLambdaExpressionSyntax lambda => (lambda.Block, null, lambda.ExpressionBody),
            _ => (null, null, null),
        };

        SyntaxList<StatementSyntax> statements = block?.Statements
            ?? SyntaxFactory.SingletonList<StatementSyntax>(SyntaxFactory.ReturnStatement((arrow?.Expression ?? lambdaExpression!).WithoutTrivia()));
        CatchClauseSyntax handler = SyntaxFactory.CatchClause(
            SyntaxFactory.CatchDeclaration(SyntaxFactory.ParseTypeName("global::System.Exception").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)),
            null,
            SyntaxFactory.Block(SyntaxFactory.ParseStatement($"return {enc} == 0 ? 0 : -1;")));
        SyntaxTrivia endOfLine = root.DescendantTrivia().FirstOrDefault(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia));
        if (!endOfLine.IsKind(SyntaxKind.EndOfLineTrivia))
        {
            endOfLine = SyntaxFactory.ElasticCarriageReturnLineFeed;
        }

        BlockSyntax body = WithLineBreaks(SyntaxFactory.Block(SyntaxFactory.TryStatement(SyntaxFactory.Block(statements), SyntaxFactory.SingletonList(handler), null)), endOfLine)
            .WithAdditionalAnnotations(Formatter.Annotation);

        SyntaxNode updated = function switch
        {
            MethodDeclarationSyntax method => method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(body.WithTrailingTrivia(method.GetTrailingTrivia())),
            LocalFunctionStatementSyntax local => local.WithExpressionBody(null).WithSemicolonToken(default).WithBody(body.WithTrailingTrivia(local.GetTrailingTrivia())),
            ParenthesizedLambdaExpressionSyntax lambda => lambda.WithExpressionBody(null).WithArrowToken(lambda.ArrowToken.WithTrailingTrivia(endOfLine)).WithBlock(body),
            _ => function,
        };

        Document wrapped = document.WithSyntaxRoot(root.ReplaceNode(function, updated.WithAdditionalAnnotations(Formatter.Annotation)));
        return await Imports.AddAndSimplifyAsync(wrapped, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Breaks the new block over lines (the formatter keeps a block written on one line on one line) so that the
    /// formatter only has to indent it.
    /// </summary>
    private static BlockSyntax WithLineBreaks(BlockSyntax block, SyntaxTrivia endOfLine) =>
        block.ReplaceTokens(
            block.DescendantTokens().Where(token =>
                token.IsKind(SyntaxKind.OpenBraceToken) || token.IsKind(SyntaxKind.SemicolonToken)
                || token.IsKind(SyntaxKind.CloseBraceToken) && token != block.CloseBraceToken),
            (_, token) => token.WithTrailingTrivia(endOfLine));
}
