using System;
using System.Collections.Generic;
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
        var writes = new List<(IOperation At, long Offset, long? Length, string What)>();
        foreach ((BasicBlock block, IOperation operation) in callback.Operations())
        {
            if (callback.OnlyOnDecrypt(block))
            {
                continue;
            }

            foreach (BufferWrite write in BufferWrite.WithHelpers(operation, callback.Values.Model))
            {
                if (write.Kind == BufferWriteKind.Element
                    || !SymbolEqualityComparer.Default.Equals(Buffers.RootOf(write.Destination, callback.Values), callback.KeyName)
                    || Buffers.OffsetOf(write.Destination, callback.Values) is not long offset)
                {
                    continue;
                }

                // The count written (else the source's length), and the span laid over key_name: either may be wrong.
                long? count = write.CountIn(folder);
                long? sourceLength = write.Source is null ? null : Buffers.LengthOf(write.Source, callback.Values);
                long? destinationLength = Buffers.LengthOf(write.Destination, callback.Values);
                writes.Add(count is not null ? (operation, offset, count, "The encrypt path copies") : (operation, offset, sourceLength, "The encrypt path copies a buffer of"));
                writes.Add((operation, offset, destinationLength, "The encrypt path writes through a span of"));
            }
        }

        // Several writes may fill the name together (wangle: a 4-byte name, then a 12-byte salt at key_name + 4): a
        // write is wrong when it runs past 16 bytes, or stops short and no other write starts where it stops.
        var starts = new HashSet<long>();
        foreach ((_, long offset, _, _) in writes)
        {
            starts.Add(offset);
        }

        var reported = new HashSet<IOperation>();
        foreach ((IOperation at, long offset, long? length, string what) in writes)
        {
            if (length is long bytes && (offset + bytes > KeyNameBytes || offset + bytes < KeyNameBytes && !starts.Contains(offset + bytes))
                && reported.Add(at))
            {
                Report(report, at, what, bytes, callback);
            }
        }
    }

    private static void Report(Action<Diagnostic> report, IOperation at, string what, long count, TicketCallback callback) =>
        report(Diagnostic.Create(DiagnosticDescriptors.KeyNameLength, at.Syntax.GetLocation(), what, count, callback.KeyName.Name));
}
