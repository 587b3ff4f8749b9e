using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TicketKeys.Analyzers.CodeFixes;

/// <summary>TKP001: adds <c>partial</c> to a [TicketKeyProvider] type declaration.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFixProvider))]
[Shared]
public sealed class AddPartialCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = "TKP001.AddPartial";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ProviderMustBePartial);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is TypeDeclarationSyntax declaration)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Make the provider partial", cancellation => AddPartialAsync(context.Document, root, declaration, cancellation), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static Task<Document> AddPartialAsync(Document document, SyntaxNode root, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // 'partial' goes last, right before 'class' or 'record'; a declaration without modifiers takes the keyword's trivia.
        TypeDeclarationSyntax updated;
        if (declaration.Modifiers.Count == 0)
        {
            SyntaxToken keyword = declaration.Keyword;
            updated = declaration
                .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.Space))
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList())));
        }
        else
        {
            updated = declaration.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }

        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(declaration, updated)));
    }
}
