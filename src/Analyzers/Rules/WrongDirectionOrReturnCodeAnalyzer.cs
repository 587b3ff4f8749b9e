using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using TicketKeys.Analyzers.Callbacks;
using TicketKeys.Analyzers.Flow;

namespace TicketKeys.Analyzers.Rules;

/// <summary>
/// TKP009: a ticket callback returns a value OpenSSL does not define (outside -1..2), returns 2 (renew) when asked to
/// encrypt, sets the cipher up in the wrong direction for the path it is on, or overwrites the ticket's IV on the
/// decrypt path.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WrongDirectionOrReturnCodeAnalyzer : TicketCallbackAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.WrongDirectionOrReturnCode);

    internal override void AnalyzeCallback(TicketCallback callback, Action<Diagnostic> report)
    {
        foreach (ReturnSite site in callback.Returns)
        {
            if (site.Constant is long value && (value < -1 || value > 2))
            {
                Report(report, site.Value, value < -1
                    ? $"Ticket callbacks return -1 (error), 0 (no ticket), 1 (ticket ok) or 2 (ok, renew); OpenSSL treats {value} as an error like -1: return -1 to say so"
                    : $"Ticket callbacks return -1 (error), 0 (no ticket), 1 (ticket ok) or 2 (ok, renew); {value} means nothing to OpenSSL");
            }
            else if (site.Constant == 2 && callback.OnlyOnEncrypt(site.Block))
            {
                Report(report, site.Value, "Returning 2 (renew) on the encrypt path (enc = 1) is undefined: renewal is the decrypt path's answer; return 1 once the new ticket's keys are set");
            }
        }

        foreach ((BasicBlock block, IOperation operation) in callback.Operations())
        {
            if (CipherInitCall.Of(operation) is { } init)
            {
                CheckCipherDirection(callback, block, init, report);
            }
            else if (callback.OnlyOnDecrypt(block) && BufferWrite.Of(operation) is { } write
                && SymbolEqualityComparer.Default.Equals(Buffers.RootOf(write.Destination, callback.Values), callback.Iv))
            {
                Report(report, operation, $"The decrypt path (enc = 0) overwrites the IV '{callback.Iv.Name}', which OpenSSL filled from the presented ticket; the ticket then fails to decrypt");
            }
        }
    }

    private static void CheckCipherDirection(TicketCallback callback, BasicBlock block, CipherInitCall init, Action<Diagnostic> report)
    {
        bool encrypts;
        if (init.Enc is null)
        {
            encrypts = init.IsEncryptInit;
        }
        else if (callback.OnlyOnEncrypt(block) && callback.FolderFor(1).Fold(init.Enc) is long encryptPathValue)
        {
            encrypts = encryptPathValue != 0;
        }
        else if (callback.OnlyOnDecrypt(block) && callback.FolderFor(0).Fold(init.Enc) is long decryptPathValue)
        {
            encrypts = decryptPathValue != 0;
        }
        else
        {
            return;
        }

        if (encrypts && callback.OnlyOnDecrypt(block))
        {
            Report(report, init.Call, $"{init.EntryPoint} sets up encryption on the decrypt path (enc = 0); use EVP_DecryptInit_ex there");
        }
        else if (!encrypts && callback.OnlyOnEncrypt(block))
        {
            Report(report, init.Call, $"{init.EntryPoint} sets up decryption on the encrypt path (enc = 1); use EVP_EncryptInit_ex there");
        }
    }

    private static void Report(Action<Diagnostic> report, IOperation at, string message) =>
        report(Diagnostic.Create(DiagnosticDescriptors.WrongDirectionOrReturnCode, at.Syntax.GetLocation(), message));
}
