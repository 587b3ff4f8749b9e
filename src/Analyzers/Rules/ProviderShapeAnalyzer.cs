using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TicketKeys.Analyzers.Providers;
using TicketKeys.Roslyn;

namespace TicketKeys.Analyzers.Rules;

/// <summary>
/// TKP002: a provider the generator cannot serve: not a class, static, generic, nested in a non-partial type, or
/// without exactly one instance <c>[EncryptionKey] TicketKey? M()</c> and one instance
/// <c>[DecryptionKey] TicketKeyLookup M(ReadOnlySpan&lt;byte&gt;)</c>; a project that does not allow unsafe code (the
/// generated entry points take OpenSSL's pointers); or key methods outside a provider.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProviderShapeAnalyzer : DiagnosticAnalyzer
{
    private const string EncryptSignature = "[EncryptionKey] TicketKey? CurrentKey()' or '[EncryptionKey] TicketKey? CurrentKey(in TicketCallbackContext context)";
    private const string DecryptSignature = "[DecryptionKey] TicketKeyLookup FindKey(ReadOnlySpan<byte> keyName)' or '[DecryptionKey] TicketKeyLookup FindKey(ReadOnlySpan<byte> keyName, in TicketCallbackContext context)";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ProviderShape);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (ProviderTypes.From(start.Compilation) is not { } types)
            {
                return;
            }

            start.RegisterSymbolAction(symbol => AnalyzeType(symbol, types), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, ProviderTypes types)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var encrypt = new List<IMethodSymbol>();
        var decrypt = new List<IMethodSymbol>();
        foreach (ISymbol member in type.GetMembers())
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                if (types.Has(method, types.EncryptionKey))
                {
                    encrypt.Add(method);
                }

                if (types.Has(method, types.DecryptionKey))
                {
                    decrypt.Add(method);
                }
            }
        }

        if (!types.Has(type, types.Provider))
        {
            foreach (IMethodSymbol method in encrypt)
            {
                Report(context, method.Locations[0], type, $"'{method.Name}' is marked [EncryptionKey] but the type has no [TicketKeyProvider]; add [TicketKeyProvider] to '{type.Name}'");
            }

            foreach (IMethodSymbol method in decrypt)
            {
                Report(context, method.Locations[0], type, $"'{method.Name}' is marked [DecryptionKey] but the type has no [TicketKeyProvider]; add [TicketKeyProvider] to '{type.Name}'");
            }

            return;
        }

        Location name = ProviderDeclarations.NameLocation(type);
        foreach (ProviderTypeProblem problem in ProviderTypeShape.Problems(type, context.CancellationToken))
        {
            if (Describe(problem, type) is { } message)
            {
                Report(context, name, type, message);
            }
        }

        if (type.TypeKind != TypeKind.Class)
        {
            return;
        }

        if (context.Compilation.Options is CSharpCompilationOptions { AllowUnsafe: false })
        {
            Report(context, name, type, "the generated native entry points take OpenSSL's pointers, so the project must allow unsafe code; add <AllowUnsafeBlocks>true</AllowUnsafeBlocks> to the project file");
        }

        CheckMethods(context, type, name, encrypt, "[EncryptionKey]", EncryptSignature, method =>
            ProviderMethodShapes.IsEncryptionKeySignature(method, types.TicketKey, types.CallbackContext));
        CheckMethods(context, type, name, decrypt, "[DecryptionKey]", DecryptSignature, method =>
            ProviderMethodShapes.IsDecryptionKeySignature(method, types.Lookup, types.CallbackContext));
    }

    /// <summary>The message for a broken type rule; null for a missing 'partial', which TKP001 reports.</summary>
    private static string? Describe(ProviderTypeProblem problem, INamedTypeSymbol type) => problem.Kind switch
    {
        ProviderTypeProblemKind.NotAClass => $"a provider must be a class, not a {(type.IsRefLikeType ? "ref struct" : type.TypeKind.ToString().ToLowerInvariant())}; write 'partial class {type.Name}'",
        ProviderTypeProblemKind.Static => $"a provider must not be static: the generated callbacks call its instance methods; write 'partial class {type.Name}'",
        ProviderTypeProblemKind.Generic => "a provider must not be generic: the native callbacks need one concrete type; move the type parameters to a non-provider helper",
        ProviderTypeProblemKind.OuterNotPartial => $"it is nested in '{problem.TypeName}', which is not partial; declare '{problem.TypeName}' partial too",
        ProviderTypeProblemKind.OuterGeneric => $"it is nested in the generic type '{problem.TypeName}': the native callbacks need one concrete type; move the provider out of '{problem.TypeName}'",
        _ => null,
    };

    private static void CheckMethods(SymbolAnalysisContext context, INamedTypeSymbol type, Location name, List<IMethodSymbol> methods, string attribute, string signature, System.Func<IMethodSymbol, bool> hasShape)
    {
        if (methods.Count == 0)
        {
            Report(context, name, type, $"it has no {attribute} method; add one instance method '{signature}'");
            return;
        }

        for (int i = 0; i < methods.Count; i++)
        {
            IMethodSymbol method = methods[i];
            if (i > 0)
            {
                Report(context, method.Locations[0], type, $"'{method.Name}' is a second {attribute} method ('{methods[0].Name}' is the first); keep exactly one");
            }
            else if (method.IsStatic)
            {
                Report(context, method.Locations[0], type, $"{attribute} method '{method.Name}' must be an instance method; remove 'static'");
            }
            else if (method.IsGenericMethod)
            {
                Report(context, method.Locations[0], type, $"{attribute} method '{method.Name}' must not be generic; write '{signature}'");
            }
            else if (!hasShape(method))
            {
                Report(context, method.Locations[0], type, $"{attribute} method '{method.Name}' has the wrong signature; write '{signature}'");
            }
        }
    }

    private static void Report(SymbolAnalysisContext context, Location location, INamedTypeSymbol type, string problem) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ProviderShape, location, type.Name, problem));
}
