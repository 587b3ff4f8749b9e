using Microsoft.CodeAnalysis;

namespace TicketKeys.Analyzers.Providers;

/// <summary>The runtime's provider types, resolved once per compilation; null when the compilation does not reference TicketKeys.</summary>
internal sealed class ProviderTypes
{
    private ProviderTypes(INamedTypeSymbol provider, INamedTypeSymbol encryptionKey, INamedTypeSymbol decryptionKey, INamedTypeSymbol ticketKey, INamedTypeSymbol lookup, INamedTypeSymbol? callbackContext)
    {
        Provider = provider;
        EncryptionKey = encryptionKey;
        DecryptionKey = decryptionKey;
        TicketKey = ticketKey;
        Lookup = lookup;
        CallbackContext = callbackContext;
    }

    public INamedTypeSymbol Provider { get; }

    public INamedTypeSymbol EncryptionKey { get; }

    public INamedTypeSymbol DecryptionKey { get; }

    public INamedTypeSymbol TicketKey { get; }

    public INamedTypeSymbol Lookup { get; }

    /// <summary><c>TicketCallbackContext</c>, or null with a runtime older than the context parameter.</summary>
    public INamedTypeSymbol? CallbackContext { get; }

    public static ProviderTypes? From(Compilation compilation) =>
        compilation.GetTypeByMetadataName("TicketKeys.TicketKeyProviderAttribute") is { } provider
        && compilation.GetTypeByMetadataName("TicketKeys.EncryptionKeyAttribute") is { } encryptionKey
        && compilation.GetTypeByMetadataName("TicketKeys.DecryptionKeyAttribute") is { } decryptionKey
        && compilation.GetTypeByMetadataName("TicketKeys.TicketKey") is { } ticketKey
        && compilation.GetTypeByMetadataName("TicketKeys.TicketKeyLookup") is { } lookup
            ? new ProviderTypes(provider, encryptionKey, decryptionKey, ticketKey, lookup, compilation.GetTypeByMetadataName("TicketKeys.TicketCallbackContext"))
            : null;

    public bool Has(ISymbol symbol, INamedTypeSymbol attribute)
    {
        foreach (AttributeData data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }
}
