using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TicketKeys.Analyzers.Providers;

/// <summary>Syntax facts about provider type declarations.</summary>
internal static class ProviderDeclarations
{
    /// <summary>The name in the type's first declaration, where its diagnostics go.</summary>
    public static Location NameLocation(INamedTypeSymbol type)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is BaseTypeDeclarationSyntax declaration)
            {
                return declaration.Identifier.GetLocation();
            }
        }

        return type.Locations.IsEmpty ? Location.None : type.Locations[0];
    }
}
