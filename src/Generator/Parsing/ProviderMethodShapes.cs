using Microsoft.CodeAnalysis;

namespace TicketKeys.Roslyn;

/// <summary>
/// The signatures of a provider's key methods. Compiled into the generator and, as a linked file, into the analyzers,
/// so that what the generator accepts and what TKP002 reports can never drift apart.
/// </summary>
internal static class ProviderMethodShapes
{
    /// <summary><c>TicketKey? M()</c>.</summary>
    public static bool IsEncryptionKeySignature(IMethodSymbol method, INamedTypeSymbol ticketKey) =>
        method.Parameters.Length == 0
        && !method.ReturnsByRef
        && SymbolEqualityComparer.Default.Equals(method.ReturnType, ticketKey);

    /// <summary><c>TicketKeyLookup M(ReadOnlySpan&lt;byte&gt; keyName)</c>, the span by value.</summary>
    public static bool IsDecryptionKeySignature(IMethodSymbol method, INamedTypeSymbol lookup) =>
        method.Parameters.Length == 1
        && method.Parameters[0].RefKind == RefKind.None
        && IsReadOnlySpanOfByte(method.Parameters[0].Type)
        && !method.ReturnsByRef
        && SymbolEqualityComparer.Default.Equals(method.ReturnType, lookup);

    private static bool IsReadOnlySpanOfByte(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "ReadOnlySpan", TypeArguments.Length: 1 } span
        && span.TypeArguments[0].SpecialType == SpecialType.System_Byte
        && span.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };
}
