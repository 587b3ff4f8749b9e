using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TicketKeys.Analyzers.Callbacks;
using TicketKeys.Analyzers.Flow;
using TicketKeys.Analyzers.Providers;

namespace TicketKeys.Analyzers.Rules;

/// <summary>
/// TKP012: a ticket key that never changes: a callback encrypting with a key held in a static readonly field (fixed, or loaded
/// once from a file), a provider whose [EncryptionKey] method returns a readonly field, or a key window or lifetime
/// longer than the 7 days RFC 8446 allows a ticket.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LongLivedTicketKeyAnalyzer : TicketCallbackAnalyzer
{
    private const long MaxLifetimeSeconds = 7 * 86400;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.LongLivedTicketKey);

    internal override void AnalyzeCallback(TicketCallback callback, Action<Diagnostic> report)
    {
        foreach ((BasicBlock block, IOperation bytes, string what) in KeyMaterial.In(callback))
        {
            if (what == KeyMaterial.AesKey && callback.RunsOnEncrypt(block) && Buffers.RootOf(bytes, callback.Values) is IFieldSymbol { IsStatic: true, IsReadOnly: true } field)
            {
                string origin = LoadsFromFile(field) ? "loaded once from a file and never reloaded" : "fixed for the life of the process";
                report(Diagnostic.Create(DiagnosticDescriptors.LongLivedTicketKey, bytes.Syntax.GetLocation(),
                    $"The ticket key in static readonly field '{field.Name}'{InitialisedFrom(field)} is {origin}: rotate keys (a new one every few hours, each accepted for at most 7 days)"));
                return;
            }
        }
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        if (ProviderTypes.From(context.Compilation) is not { } types)
        {
            return;
        }

        context.RegisterOperationAction(body => AnalyzeEncryptionKeyMethod(body, types), OperationKind.MethodBody);
        context.RegisterOperationAction(AnalyzeLifetime, OperationKind.ObjectCreation, OperationKind.SimpleAssignment);
    }

    /// <summary>" (initialised from '…')", naming the key source the rule saw, or nothing when the field has no initialiser.</summary>
    private static string InitialisedFrom(IFieldSymbol field) =>
        KeySource.InitializerOf(field) is { } initializer ? $" (initialised from '{initializer}')" : "";

    private static bool LoadsFromFile(IFieldSymbol field)
    {
        foreach (SyntaxReference reference in field.DeclaringSyntaxReferences)
        {
            foreach (SyntaxNode node in reference.GetSyntax().DescendantNodes())
            {
                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax { Identifier.ValueText: "File" or "NginxTicketKeyFile" or "TicketKeyDirectory" })
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void AnalyzeEncryptionKeyMethod(OperationAnalysisContext context, ProviderTypes types)
    {
        if (context.ContainingSymbol is not IMethodSymbol method || !types.Has(method, types.EncryptionKey))
        {
            return;
        }

        foreach (IOperation operation in context.Operation.Descendants())
        {
            if (operation is IReturnOperation { ReturnedValue: { } returned } && Strip(returned) is IFieldReferenceOperation { Field: { IsReadOnly: true } field }
                && SymbolEqualityComparer.Default.Equals(field.Type.OriginalDefinition, types.TicketKey))
            {
                string origin = LoadsFromFile(field) ? "loaded once from a file and never reloaded" : "fixed for the life of the provider";
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LongLivedTicketKey, returned.Syntax.GetLocation(),
                    $"'{method.Name}' always encrypts with readonly field '{field.Name}'{InitialisedFrom(field)}, {origin}: use a TicketKeyRing or TicketKeyDirectory so that keys rotate"));
                return;
            }
        }
    }

    private static IOperation Strip(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static void AnalyzeLifetime(OperationAnalysisContext context)
    {
        switch (context.Operation)
        {
            case IObjectCreationOperation { Type: { Name: "TicketKeyWindow", ContainingNamespace.Name: "TicketKeys" }, Arguments.Length: 3 } window:
                Func<IOperation, bool> noClock = static _ => false;
                if (LinearForm.Of(window.Arguments[2].Value, noClock, null) is { } notAfter
                    && LinearForm.Of(window.Arguments[0].Value, noClock, null) is { } notBefore
                    && notAfter.Minus(notBefore) is { IsConstant: true, Constant: > MaxLifetimeSeconds } lifetime)
                {
                    ReportLifetime(context, window.Arguments[2].Value, lifetime.Constant);
                }

                break;
            case IObjectCreationOperation { Type: { Name: "TicketKeyRotationPolicy", ContainingNamespace.Name: "TicketKeys" } } policy:
                foreach (IArgumentOperation argument in policy.Arguments)
                {
                    if (argument.Parameter?.Name == "keyLifetime")
                    {
                        CheckSpan(context, argument.Value);
                    }
                }

                break;
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "KeyLifetime", ContainingNamespace.Name: "TicketKeys" } } } assignment:
                CheckSpan(context, assignment.Value);
                break;
        }
    }

    private static void CheckSpan(OperationAnalysisContext context, IOperation span)
    {
        if (LinearForm.Of(span, static _ => false, null) is { IsConstant: true, Constant: > MaxLifetimeSeconds } lifetime)
        {
            ReportLifetime(context, span, lifetime.Constant);
        }
    }

    private static void ReportLifetime(OperationAnalysisContext context, IOperation at, long seconds) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LongLivedTicketKey, at.Syntax.GetLocation(),
            string.Format(System.Globalization.CultureInfo.InvariantCulture, "A ticket key lifetime of {0:0.#} days exceeds 7 days (RFC 8446 caps ticket lifetime at 7 days; longer keys weaken forward secrecy)", seconds / 86400.0)));
}
