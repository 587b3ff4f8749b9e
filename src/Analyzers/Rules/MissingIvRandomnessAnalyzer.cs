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
/// TKP003: on the encrypt path, the IV given to the cipher set-up is not filled by a CSPRNG on every path before it,
/// or comes from System.Random, a constant or static buffer, a counter or the clock.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingIvRandomnessAnalyzer : TicketCallbackAnalyzer
{
    /// <summary>Diagnostic property: the name of the callback's pointer IV parameter, when the code fix can fill it.</summary>
    public const string IvParameterProperty = "IvParameter";

    private const int ShortestIvLength = 12;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.MissingIvRandomness);

    internal override void AnalyzeCallback(TicketCallback callback, Action<Diagnostic> report)
    {
        List<(BasicBlock Block, BufferWrite Write)>? writes = null;
        foreach ((BasicBlock block, IOperation operation) in callback.Operations())
        {
            if (CipherInitCall.Of(operation) is not { Iv: { } ivArgument } init || init.IsDecryptInit || !callback.RunsOnEncrypt(block)
                || init.Enc is not null && callback.FolderFor(1).Fold(init.Enc) is 0L)
            {
                continue;
            }

            writes ??= CollectWrites(callback);
            if (Problem(callback, block, init, ivArgument, writes) is { } problem)
            {
                ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
                if (Buffers.RootOf(ivArgument, callback.Values) is IParameterSymbol { Type.TypeKind: TypeKind.Pointer } ivParameter
                    && SymbolEqualityComparer.Default.Equals(ivParameter, callback.Iv))
                {
                    properties = properties.Add(IvParameterProperty, ivParameter.Name);
                }

                report(Diagnostic.Create(DiagnosticDescriptors.MissingIvRandomness, init.Call.Syntax.GetLocation(), properties, ivArgument.Syntax.ToString(), init.EntryPoint, problem));
            }
        }
    }

    private static List<(BasicBlock, BufferWrite)> CollectWrites(TicketCallback callback)
    {
        var writes = new List<(BasicBlock, BufferWrite)>();
        foreach ((BasicBlock block, IOperation operation) in callback.Operations())
        {
            foreach (BufferWrite write in BufferWrite.WithHelpers(operation, callback.Values.Model))
            {
                writes.Add((block, write));
            }
        }

        return writes;
    }

    private static string? Problem(TicketCallback callback, BasicBlock initBlock, CipherInitCall init, IOperation ivArgument, List<(BasicBlock Block, BufferWrite Write)> writes)
    {
        if (callback.Values.Resolve(ivArgument).ConstantValue is { HasValue: true, Value: null or 0 or 0L })
        {
            return "is null, so the cipher keeps a fixed IV";
        }

        ISymbol? root = Buffers.RootOf(ivArgument, callback.Values);
        if (root is null)
        {
            return null;
        }

        var filled = new HashSet<int>();
        string? weakness = null;
        string? partial = null;
        foreach ((BasicBlock block, BufferWrite write) in writes)
        {
            if (!SymbolEqualityComparer.Default.Equals(Buffers.RootOf(write.Destination, callback.Values), root))
            {
                continue;
            }

            if (!IsRandom(callback, write, writes))
            {
                weakness ??= Describe(callback, write);
            }
            else if (Partial(callback, init, ivArgument, write) is { } shortFill)
            {
                partial ??= shortFill;
            }
            else if (block != initBlock || write.Operation.Syntax.SpanStart < init.Call.Syntax.SpanStart)
            {
                filled.Add(block.Ordinal);
            }
        }

        if (filled.Contains(initBlock.Ordinal))
        {
            return weakness;
        }

        bool[] reachedUnfilled = Reachability.From(callback.Graph, callback.FolderFor(1).FoldBoolean, block => filled.Contains(block.Ordinal) && block != initBlock);
        if (!reachedUnfilled[initBlock.Ordinal])
        {
            return weakness;
        }

        return weakness ?? partial
            ?? (root is IFieldSymbol field ? $"is the field '{field.Name}', the same bytes for every ticket" : "is not filled by a CSPRNG on every path before it");
    }

    /// <summary>
    /// Why a CSPRNG fill does not cover the IV, when constants say so: it starts past the IV's first byte, or writes fewer
    /// bytes than the cipher's IV (12 when the cipher is not a direct EVP_aes_*/EVP_chacha20* call: the shortest a ticket
    /// cipher takes).
    /// </summary>
    private static string? Partial(TicketCallback callback, CipherInitCall init, IOperation ivArgument, BufferWrite write)
    {
        if (write.Kind != BufferWriteKind.Csprng)
        {
            return null;
        }

        long delta = Buffers.OffsetOf(write.Destination, callback.Values) is long start && Buffers.OffsetOf(ivArgument, callback.Values) is long ivStart ? start - ivStart : 0;
        if (delta > 0)
        {
            return $"is filled by a CSPRNG only from its byte {delta} on";
        }

        int ivLength = init.IvLength(callback.Values) ?? ShortestIvLength;
        long? bytes = write.CountIn(callback.FolderFor(1)) ?? Buffers.LengthOf(write.Destination, callback.Values);
        return bytes + delta is long covered && covered < ivLength ? $"gets only {covered} of its {ivLength} bytes from a CSPRNG" : null;
    }

    /// <summary>A CSPRNG fill, or a copy from a buffer that holds CSPRNG output.</summary>
    private static bool IsRandom(TicketCallback callback, BufferWrite write, List<(BasicBlock Block, BufferWrite Write)> writes)
    {
        if (write.Kind == BufferWriteKind.Csprng)
        {
            return true;
        }

        if (write.Kind != BufferWriteKind.Copy || write.Source is null)
        {
            return false;
        }

        if (BufferWrite.ReturnsCsprngBytes(callback.Values.Resolve(write.Source)))
        {
            return true;
        }

        ISymbol? source = Buffers.RootOf(write.Source, callback.Values);
        if (source is ILocalSymbol local && callback.Values.ValueOf(local) is { } value && BufferWrite.ReturnsCsprngBytes(callback.Values.Resolve(value)))
        {
            return true;
        }

        foreach ((_, BufferWrite other) in writes)
        {
            if (other.Kind == BufferWriteKind.Csprng && source is not null && SymbolEqualityComparer.Default.Equals(Buffers.RootOf(other.Destination, callback.Values), source))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(TicketCallback callback, BufferWrite write) => write.Kind switch
    {
        BufferWriteKind.InsecureRandom => "is filled from System.Random, which is predictable",
        BufferWriteKind.Copy when write.Source is not null && Buffers.RootOf(write.Source, callback.Values) is IFieldSymbol field =>
            $"is copied from the field '{field.Name}', the same bytes for every ticket",
        BufferWriteKind.Copy => "is copied from a buffer that no CSPRNG filled",
        _ => "is written element by element (a counter, the clock or constants), not by a CSPRNG",
    };
}
