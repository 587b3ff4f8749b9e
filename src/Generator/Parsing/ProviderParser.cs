using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TicketKeys.Generator.Model;
using TicketKeys.Roslyn;

namespace TicketKeys.Generator.Parsing;

/// <summary>
/// Turns a <c>[TicketKeyProvider]</c> class into a <see cref="ProviderModel"/>, or null when its shape is not one the
/// generator supports. Reporting why is the analyzers' job (TKP001, TKP002), so the generator stays cacheable.
/// </summary>
internal static class ProviderParser
{
    public static bool IsCandidate(SyntaxNode node) =>
        node is ClassDeclarationSyntax || (node is RecordDeclarationSyntax record && !record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword));

    public static ProviderModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol provider
            || ProviderTypeShape.Problems(provider, cancellationToken).Count > 0)
        {
            return null;
        }

        Compilation compilation = context.SemanticModel.Compilation;
        INamedTypeSymbol? ticketKey = compilation.GetTypeByMetadataName(KnownTypeNames.TicketKey);
        INamedTypeSymbol? lookup = compilation.GetTypeByMetadataName(KnownTypeNames.TicketKeyLookup);
        INamedTypeSymbol? callbackContext = compilation.GetTypeByMetadataName(KnownTypeNames.TicketCallbackContext);
        if (ticketKey is null || lookup is null)
        {
            return null;
        }

        IMethodSymbol? encryption = FindSingleMethod(provider, KnownTypeNames.EncryptionKeyAttribute, method =>
            ProviderMethodShapes.IsEncryptionKeySignature(method, ticketKey, callbackContext));
        IMethodSymbol? decryption = FindSingleMethod(provider, KnownTypeNames.DecryptionKeyAttribute, method =>
            ProviderMethodShapes.IsDecryptionKeySignature(method, lookup, callbackContext));
        if (encryption is null || decryption is null)
        {
            return null;
        }

        var containingTypes = new List<ContainingTypeModel>();
        for (INamedTypeSymbol? type = provider.ContainingType; type is not null; type = type.ContainingType)
        {
            containingTypes.Insert(0, new ContainingTypeModel(KeywordOf(type), type.Name));
        }

        ProviderOptions options = ReadOptions(context.Attributes[0]);
        string ns = provider.ContainingNamespace.IsGlobalNamespace ? string.Empty : provider.ContainingNamespace.ToDisplayString();
        string fullyQualified = provider.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        string hintName = fullyQualified.Replace("global::", string.Empty) + ".TicketKeyProvider.g.cs";

        return new ProviderModel(
            ns.Length == 0 ? null : ns,
            new EquatableArray<ContainingTypeModel>(containingTypes),
            provider.IsRecord ? "record" : "class",
            provider.Name,
            fullyQualified,
            new KeyMethodModel(encryption.Name, ProviderMethodShapes.TakesContext(encryption, callbackContext)),
            new KeyMethodModel(decryption.Name, ProviderMethodShapes.TakesContext(decryption, callbackContext)),
            options.EncryptFailureCode,
            options.RenewOnTls13Resumption,
            options.MinimumKeyBits,
            options.MaxSessionAgeSeconds,
            hintName);
    }

    private static string KeywordOf(INamedTypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Interface } => "interface",
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        _ => "class",
    };

    private static IMethodSymbol? FindSingleMethod(INamedTypeSymbol provider, string attributeName, System.Func<IMethodSymbol, bool> hasShape)
    {
        IMethodSymbol[] marked = provider.GetMembers()
            .OfType<IMethodSymbol>()
            .Where(method => method.GetAttributes().Any(attribute => attribute.AttributeClass?.ToDisplayString() == attributeName))
            .ToArray();
        if (marked.Length != 1)
        {
            return null;
        }

        IMethodSymbol method = marked[0];
        return !method.IsStatic && !method.IsGenericMethod && method.MethodKind == MethodKind.Ordinary && hasShape(method)
            ? method
            : null;
    }

    private static ProviderOptions ReadOptions(AttributeData attribute)
    {
        int encryptFailureCode = 0;
        bool renewOnTls13 = true;
        int minimumKeyBits = 0;
        int maxSessionAgeSeconds = KnownTypeNames.DefaultMaxSessionAgeSeconds;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case KnownTypeNames.EncryptFailureProperty when argument.Value.Value is int failure:
                    encryptFailureCode = failure == KnownTypeNames.AbortHandshake ? -1 : 0;
                    break;
                case KnownTypeNames.RenewOnTls13ResumptionProperty when argument.Value.Value is bool renew:
                    renewOnTls13 = renew;
                    break;
                case KnownTypeNames.MinimumKeyBitsProperty when argument.Value.Value is int bits:
                    minimumKeyBits = bits;
                    break;
                case KnownTypeNames.MaxSessionAgeSecondsProperty when argument.Value.Value is int seconds:
                    maxSessionAgeSeconds = seconds;
                    break;
            }
        }

        return new ProviderOptions(encryptFailureCode, renewOnTls13, minimumKeyBits, maxSessionAgeSeconds);
    }

    private readonly record struct ProviderOptions(int EncryptFailureCode, bool RenewOnTls13Resumption, int MinimumKeyBits, int MaxSessionAgeSeconds);
}
