using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using TicketKeys.Analyzers.Callbacks;
using TicketKeys.Analyzers.Flow;

namespace TicketKeys.Analyzers.Rules;

/// <summary>
/// TKP011: on the encrypt path a callback writes a number of bytes other than 16 to key_name: a copy with another
/// count, a span of another length over key_name, or a source buffer of another length.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeyNameLengthAnalyzer : TicketCallbackAnalyzer
{
    private const int KeyNameBytes = 16;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.KeyNameLength);

    internal override void AnalyzeCallback(TicketCallback callback, Action<Diagnostic> report)
    {
        var folder = new ConstantFolder(callback.Values, static _ => null);
        foreach ((BasicBlock block, IOperation operation) in callback.Operations())
        {
            if (callback.OnlyOnDecrypt(block) || BufferWrite.Of(operation) is not { Kind: not BufferWriteKind.Element } write
                || !SymbolEqualityComparer.Default.Equals(Buffers.RootOf(write.Destination, callback.Values), callback.KeyName))
            {
                continue;
            }

            // The count written, else the source's length, else the span laid over key_name: any of them not 16 is wrong.
            long? count = write.Count is null ? null : folder.Fold(write.Count) as long?;
            long? sourceLength = write.Source is null ? null : Buffers.LengthOf(write.Source, callback.Values);
            long? destinationLength = Buffers.LengthOf(write.Destination, callback.Values);
            if (count is long copied && copied != KeyNameBytes)
            {
                Report(report, operation, "The encrypt path copies", copied, callback);
            }
            else if (count is null && sourceLength is long source && source != KeyNameBytes)
            {
                Report(report, operation, "The encrypt path copies a buffer of", source, callback);
            }
            else if (destinationLength is long span && span != KeyNameBytes)
            {
                Report(report, operation, "The encrypt path writes through a span of", span, callback);
            }
        }
    }

    private static void Report(Action<Diagnostic> report, IOperation at, string what, long count, TicketCallback callback) =>
        report(Diagnostic.Create(DiagnosticDescriptors.KeyNameLength, at.Syntax.GetLocation(), what, count, callback.KeyName.Name));
}
