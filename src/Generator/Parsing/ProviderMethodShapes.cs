using Microsoft.CodeAnalysis;

namespace TicketKeys.Roslyn;

/// <summary>
/// The signatures of a provider's key methods. Compiled into the generator and, as a linked file, into the analyzers,
/// so that what the generator accepts and what TKP002 reports can never drift apart.
/// </summary>
internal static class ProviderMethodShapes
{
    /// <summary><c>TicketKey? M()</c> or <c>TicketKey? M(in TicketCallbackContext context)</c>.</summary>
    public static bool IsEncryptionKeySignature(IMethodSymbol method, INamedTypeSymbol ticketKey, INamedTypeSymbol? callbackContext) =>
        (method.Parameters.Length == 0 || (method.Parameters.Length == 1 && IsContextParameter(method.Parameters[0], callbackContext)))
        && !method.ReturnsByRef
        && SymbolEqualityComparer.Default.Equals(method.ReturnType, ticketKey);

    /// <summary>
    /// <c>TicketKeyLookup M(ReadOnlySpan&lt;byte&gt; keyName)</c>, the span by value, optionally followed by
    /// <c>in TicketCallbackContext context</c>.
    /// </summary>
    public static bool IsDecryptionKeySignature(IMethodSymbol method, INamedTypeSymbol lookup, INamedTypeSymbol? callbackContext) =>
        (method.Parameters.Length == 1 || (method.Parameters.Length == 2 && IsContextParameter(method.Parameters[1], callbackContext)))
        && method.Parameters[0].RefKind == RefKind.None
        && IsReadOnlySpanOfByte(method.Parameters[0].Type)
        && !method.ReturnsByRef
        && SymbolEqualityComparer.Default.Equals(method.ReturnType, lookup);

    /// <summary>Whether a key method of an accepted signature takes the connection's context (its last parameter).</summary>
    public static bool TakesContext(IMethodSymbol method, INamedTypeSymbol? callbackContext) =>
        method.Parameters.Length > 0 && IsContextParameter(method.Parameters[method.Parameters.Length - 1], callbackContext);

    private static bool IsContextParameter(IParameterSymbol parameter, INamedTypeSymbol? callbackContext) =>
        callbackContext is not null
        && parameter.RefKind == RefKind.In
        && SymbolEqualityComparer.Default.Equals(parameter.Type, callbackContext);

    private static bool IsReadOnlySpanOfByte(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "ReadOnlySpan", TypeArguments.Length: 1 } span
        && span.TypeArguments[0].SpecialType == SpecialType.System_Byte
        && span.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };
}
