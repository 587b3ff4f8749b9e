using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TicketKeys.Roslyn;

/// <summary>
/// The type rules a provider must meet (a partial, non-static, non-generic class nested only in partial, non-generic
/// types). Compiled into the generator and, as a linked file, into the analyzers, so that what the generator serves and
/// what TKP001/TKP002 report can never drift apart.
/// </summary>
internal static class ProviderTypeShape
{
    /// <summary>Every rule <paramref name="type"/> breaks, in the order a user should fix them; empty when it is servable.</summary>
    public static List<ProviderTypeProblem> Problems(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var problems = new List<ProviderTypeProblem>();
        if (type.TypeKind != TypeKind.Class)
        {
            problems.Add(new ProviderTypeProblem(ProviderTypeProblemKind.NotAClass, type.Name));
            return problems;
        }

        if (!IsPartialEverywhere(type, cancellationToken))
        {
            problems.Add(new ProviderTypeProblem(ProviderTypeProblemKind.NotPartial, type.Name));
        }

        if (type.IsStatic)
        {
            problems.Add(new ProviderTypeProblem(ProviderTypeProblemKind.Static, type.Name));
        }

        if (type.TypeParameters.Length > 0)
        {
            problems.Add(new ProviderTypeProblem(ProviderTypeProblemKind.Generic, type.Name));
        }

        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsPartialEverywhere(outer, cancellationToken))
            {
                problems.Add(new ProviderTypeProblem(ProviderTypeProblemKind.OuterNotPartial, outer.Name));
            }

            if (outer.TypeParameters.Length > 0)
            {
                problems.Add(new ProviderTypeProblem(ProviderTypeProblemKind.OuterGeneric, outer.Name));
            }
        }

        return problems;
    }

    private static bool IsPartialEverywhere(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration
                || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return false;
            }
        }

        return true;
    }
}
