using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// Names written in a member's declaration, resolved from its symbol without a semantic model (so for a member of any
/// file of the compilation): members of its containing and base types, types of its containing types and namespaces,
/// and, for methods, the types its file imports with <c>using static</c>. Other usings and aliases are not read.
/// </summary>
internal static class SyntaxNames
{
    /// <summary>A field, property or parameterless method by name, in the type, its containing types and, when asked, its base types.</summary>
    public static ISymbol? MemberNamed(INamedTypeSymbol? type, string name, bool inherited)
    {
        for (INamedTypeSymbol? scope = type; scope is not null; scope = inherited ? scope.ContainingType : null)
        {
            for (INamedTypeSymbol? owner = scope; owner is not null; owner = inherited ? owner.BaseType : null)
            {
                foreach (ISymbol candidate in owner.GetMembers(name))
                {
                    if (candidate is IFieldSymbol or IPropertySymbol or IMethodSymbol { Parameters.Length: 0 })
                    {
                        return candidate;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The initialiser of the body's only local of that name, when nothing assigns it again.</summary>
    public static ExpressionSyntax? SingleInitializer(SyntaxNode body, string name)
    {
        ExpressionSyntax? initializer = null;
        foreach (SyntaxNode node in body.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == name:
                    if (initializer is not null || declarator.Initializer is null)
                    {
                        return null;
                    }

                    initializer = declarator.Initializer.Value;
                    break;
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } when target.Identifier.ValueText == name:
                case PrefixUnaryExpressionSyntax { Operand: IdentifierNameSyntax operand } when operand.Identifier.ValueText == name:
                case PostfixUnaryExpressionSyntax { Operand: IdentifierNameSyntax incremented } when incremented.Identifier.ValueText == name:
                case ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: IdentifierNameSyntax byRef } when byRef.Identifier.ValueText == name:
                    return null;
            }
        }

        return initializer;
    }

    /// <summary>
    /// The methods a call's callee (<c>Fill</c>, <c>Native.Fill</c>) may denote from the member's declaration, taking
    /// <paramref name="arguments"/> arguments: by simple name in the containing and base types and the file's
    /// <c>using static</c> types; by qualified name in the type the qualifier names.
    /// </summary>
    public static IEnumerable<IMethodSymbol> MethodsNamed(ExpressionSyntax callee, ISymbol member, SyntaxNode declaration, int arguments)
    {
        IEnumerable<INamedTypeSymbol> owners;
        string name;
        switch (callee)
        {
            case IdentifierNameSyntax { Identifier.ValueText: var simple }:
                name = simple;
                owners = EnclosingTypes(member).Concat(StaticImports(declaration, member));
                break;
            case MemberAccessExpressionSyntax { Expression: { } owner, Name: IdentifierNameSyntax { Identifier.ValueText: var last } }:
                name = last;
                owners = TypeNamed(owner, member) is { } type ? new[] { type } : Enumerable.Empty<INamedTypeSymbol>();
                break;
            default:
                yield break;
        }

        foreach (INamedTypeSymbol owner in owners)
        {
            foreach (ISymbol candidate in owner.GetMembers(name))
            {
                if (candidate is IMethodSymbol method && method.Parameters.Length == arguments)
                {
                    yield return method;
                }
            }
        }
    }

    /// <summary>The type a name such as <c>Lengths</c> or <c>Ns.Lengths</c> denotes from the member's declaration.</summary>
    public static INamedTypeSymbol? TypeNamed(ExpressionSyntax name, ISymbol member)
    {
        switch (name)
        {
            case IdentifierNameSyntax { Identifier.ValueText: var simple }:
                for (INamedTypeSymbol? scope = member.ContainingType; scope is not null; scope = scope.ContainingType)
                {
                    if (scope.Name == simple)
                    {
                        return scope;
                    }

                    if (scope.GetTypeMembers(simple).FirstOrDefault() is { } nested)
                    {
                        return nested;
                    }
                }

                for (INamespaceSymbol? scope = member.ContainingNamespace; scope is not null; scope = scope.ContainingNamespace)
                {
                    if (scope.GetTypeMembers(simple).FirstOrDefault() is { } type)
                    {
                        return type;
                    }
                }

                return null;
            case MemberAccessExpressionSyntax { Expression: { } owner, Name.Identifier.ValueText: var last }:
                return NamespaceOrTypeNamed(owner, member)?.GetTypeMembers(last).FirstOrDefault();
            case QualifiedNameSyntax { Left: { } owner, Right.Identifier.ValueText: var last }:
                return NamespaceOrTypeNamed(owner, member)?.GetTypeMembers(last).FirstOrDefault();
            default:
                return null;
        }
    }

    private static INamespaceOrTypeSymbol? NamespaceOrTypeNamed(ExpressionSyntax name, ISymbol member)
    {
        if (TypeNamed(name, member) is { } type)
        {
            return type;
        }

        IEnumerable<string> parts = name.ToString().Split('.');
        INamespaceSymbol? current = member.ContainingAssembly?.GlobalNamespace;
        foreach (string part in parts)
        {
            current = current?.GetNamespaceMembers().FirstOrDefault(candidate => candidate.Name == part);
        }

        return current;
    }

    private static IEnumerable<INamedTypeSymbol> EnclosingTypes(ISymbol member)
    {
        for (INamedTypeSymbol? scope = member.ContainingType; scope is not null; scope = scope.ContainingType)
        {
            for (INamedTypeSymbol? owner = scope; owner is not null; owner = owner.BaseType)
            {
                yield return owner;
            }
        }
    }

    /// <summary>The types named by the <c>using static</c> directives in scope at the declaration.</summary>
    private static IEnumerable<INamedTypeSymbol> StaticImports(SyntaxNode declaration, ISymbol member)
    {
        foreach (SyntaxNode scope in declaration.Ancestors())
        {
            SyntaxList<UsingDirectiveSyntax> usings = scope switch
            {
                CompilationUnitSyntax unit => unit.Usings,
                BaseNamespaceDeclarationSyntax ns => ns.Usings,
                _ => default,
            };

            foreach (UsingDirectiveSyntax directive in usings)
            {
                if (directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword) && directive.Alias is null
                    && directive.Name is { } name && TypeNamed(name, member) is { } type)
                {
                    yield return type;
                }
            }
        }
    }
}
