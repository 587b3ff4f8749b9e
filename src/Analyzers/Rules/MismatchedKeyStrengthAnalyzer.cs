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
/// TKP007: an AES key buffer whose length does not match the cipher (16 bytes for EVP_aes_256_cbc, 32 for
/// EVP_aes_128_cbc), an HMAC key shorter than the AES key, or TicketKey.Generate/Create asked for such a key or for a
/// key weaker than the enclosing provider's declared <c>MinimumKeyBits</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MismatchedKeyStrengthAnalyzer : TicketCallbackAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.MismatchedKeyStrength);

    internal override void AnalyzeCallback(TicketCallback callback, Action<Diagnostic> report)
    {
        int strongestAes = 0;
        foreach ((BasicBlock _, IOperation operation) in callback.Operations())
        {
            if (CipherInitCall.Of(operation) is { Key: { } key } init && init.AesKeyLength(callback.Values) is > 0 and int expected)
            {
                strongestAes = Math.Max(strongestAes, expected);
                if (Buffers.LengthOf(key, callback.Values) is long actual && actual != expected)
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.MismatchedKeyStrength, key.Syntax.GetLocation(),
                        $"The AES key '{key.Syntax}' is {actual} bytes but the cipher takes {expected}: {(actual < expected ? "the cipher reads past the buffer and the key is only as strong as its " + actual + " bytes" : "only its first " + expected + " bytes are used")}"));
                }
            }
        }

        if (strongestAes == 0)
        {
            return;
        }

        foreach ((BasicBlock _, IOperation operation) in callback.Operations())
        {
            if (KeyMaterial.MacKey(operation) is { } mac
                && (new ConstantFolder(callback.Values, static _ => null).Fold(mac.Length) as long? ?? Buffers.LengthOf(mac.Key, callback.Values)) is long hmacLength
                && hmacLength < strongestAes)
            {
                report(Diagnostic.Create(DiagnosticDescriptors.MismatchedKeyStrength, mac.Length.Syntax.GetLocation(),
                    $"The HMAC key is {hmacLength} bytes but the AES key is {strongestAes}: overall security is only {hmacLength * 8} bits; use an HMAC key of at least {strongestAes} bytes"));
            }
        }
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        if (ProviderTypes.From(context.Compilation) is not { } types)
        {
            return;
        }

        context.RegisterOperationAction(call => AnalyzeTicketKeyFactory(call, types), OperationKind.Invocation);
    }

    /// <summary>The <c>MinimumKeyBits</c> declared by the provider enclosing <paramref name="symbol"/>, and its name.</summary>
    private static (int Bits, string Provider)? DeclaredStrength(ISymbol symbol, INamedTypeSymbol providerAttribute)
    {
        for (INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol.ContainingType; type is not null; type = type.ContainingType)
        {
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, providerAttribute))
                {
                    continue;
                }

                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == "MinimumKeyBits" && argument.Value.Value is int bits and > 0)
                    {
                        return (bits, type.Name);
                    }
                }

                return null;
            }
        }

        return null;
    }

    private static void AnalyzeTicketKeyFactory(OperationAnalysisContext context, ProviderTypes types)
    {
        INamedTypeSymbol ticketKey = types.TicketKey;
        var call = (IInvocationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, ticketKey))
        {
            return;
        }

        var folder = new ConstantFolder(null, static _ => null);
        long? aesLength = null;
        IOperation? hmac = null;
        long? hmacLength = null;
        foreach (IArgumentOperation argument in call.Arguments)
        {
            switch (call.TargetMethod.Name, argument.Parameter?.Name)
            {
                case ("Generate", "cipher"):
                    aesLength = folder.Fold(argument.Value) is long cipher ? (cipher == 1 ? 16 : 32) : null;
                    break;
                case ("Generate", "hmacKeyLength"):
                    hmac = argument.Value;
                    hmacLength = folder.Fold(argument.Value) as long?;
                    break;
                case ("Create", "aesKey"):
                    aesLength = Buffers.LengthOf(argument.Value, null);
                    if (aesLength is long length and not (16 or 32))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MismatchedKeyStrength, argument.Value.Syntax.GetLocation(),
                            $"The AES key '{argument.Value.Syntax}' is {length} bytes; ticket keys are AES-128 (16 bytes) or AES-256 (32 bytes)"));
                        return;
                    }

                    break;
                case ("Create", "hmacKey"):
                    hmac = argument.Value;
                    hmacLength = Buffers.LengthOf(argument.Value, null);
                    break;
            }
        }

        if (call.TargetMethod.Name == "Generate" && aesLength is null && hmac is not null)
        {
            aesLength = 32;
        }

        if (hmac is not null && hmacLength is long shortHmac && aesLength is long aes && shortHmac < aes)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MismatchedKeyStrength, hmac.Syntax.GetLocation(),
                $"The HMAC key is {shortHmac} bytes but the AES key is {aes}: overall security is only {shortHmac * 8} bits; use an HMAC key of at least {aes} bytes"));
            return;
        }

        if (call.TargetMethod.Name == "Generate")
        {
            // Omitted arguments take Generate's defaults: AES-256 with a 32-byte HMAC key.
            aesLength ??= 32;
            hmacLength ??= hmac is null ? 32 : null;
        }

        if (aesLength is long aesBytes && hmacLength is long hmacBytes
            && DeclaredStrength(context.ContainingSymbol, types.Provider) is (int declared, string provider)
            && Math.Min(aesBytes, Math.Min(hmacBytes, 32)) * 8 is long strength && strength < declared)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MismatchedKeyStrength, call.Syntax.GetLocation(),
                $"This ticket key has {strength}-bit strength but provider '{provider}' declares MinimumKeyBits = {declared}: it would issue and resume no tickets; make a {declared}-bit key (AES-256 with an HMAC key of at least 32 bytes)"));
        }
    }
}
