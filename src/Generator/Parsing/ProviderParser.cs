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
            || context.TargetNode is not TypeDeclarationSyntax declaration
            || !IsSupportedType(provider, declaration))
        {
            return null;
        }

        List<ContainingTypeModel>? containingTypes = ReadContainingTypes(provider, cancellationToken);
        if (containingTypes is null)
        {
            return null;
        }

        Compilation compilation = context.SemanticModel.Compilation;
        INamedTypeSymbol? ticketKey = compilation.GetTypeByMetadataName(KnownTypeNames.TicketKey);
        INamedTypeSymbol? lookup = compilation.GetTypeByMetadataName(KnownTypeNames.TicketKeyLookup);
        if (ticketKey is null || lookup is null)
        {
            return null;
        }

        string? encryption = FindSingleMethod(provider, KnownTypeNames.EncryptionKeyAttribute, method =>
            ProviderMethodShapes.IsEncryptionKeySignature(method, ticketKey));
        string? decryption = FindSingleMethod(provider, KnownTypeNames.DecryptionKeyAttribute, method =>
            ProviderMethodShapes.IsDecryptionKeySignature(method, lookup));
        if (encryption is null || decryption is null)
        {
            return null;
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
            encryption,
            decryption,
            options.EncryptFailureCode,
            options.RenewOnTls13Resumption,
            options.MinimumKeyBits,
            hintName);
    }

    private static bool IsSupportedType(INamedTypeSymbol provider, TypeDeclarationSyntax declaration) =>
        provider.TypeKind == TypeKind.Class
        && !provider.IsStatic
        && !provider.IsGenericType
        && declaration.Modifiers.Any(SyntaxKind.PartialKeyword);

    private static List<ContainingTypeModel>? ReadContainingTypes(INamedTypeSymbol provider, CancellationToken cancellationToken)
    {
        var types = new List<ContainingTypeModel>();
        for (INamedTypeSymbol? type = provider.ContainingType; type is not null; type = type.ContainingType)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (type.IsGenericType || !IsPartialEverywhere(type, cancellationToken))
            {
                return null;
            }

            types.Insert(0, new ContainingTypeModel(KeywordOf(type), type.Name));
        }

        return types;
    }

    private static bool IsPartialEverywhere(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.All(reference =>
            reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
            && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static string KeywordOf(INamedTypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Interface } => "interface",
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        _ => "class",
    };

    private static string? FindSingleMethod(INamedTypeSymbol provider, string attributeName, System.Func<IMethodSymbol, bool> hasShape)
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
            ? method.Name
            : null;
    }

    private static ProviderOptions ReadOptions(AttributeData attribute)
    {
        int encryptFailureCode = 0;
        bool renewOnTls13 = true;
        int minimumKeyBits = 0;
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
            }
        }

        return new ProviderOptions(encryptFailureCode, renewOnTls13, minimumKeyBits);
    }

    private readonly record struct ProviderOptions(int EncryptFailureCode, bool RenewOnTls13Resumption, int MinimumKeyBits);
}
