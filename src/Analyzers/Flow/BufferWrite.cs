using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TicketKeys.Analyzers.Callbacks;

namespace TicketKeys.Analyzers.Flow;

/// <summary>How an operation writes bytes into a buffer.</summary>
internal enum BufferWriteKind
{
    /// <summary>RAND_bytes, RAND_priv_bytes, RandomNumberGenerator.Fill/GetBytes/GetNonZeroBytes.</summary>
    Csprng,

    /// <summary>System.Random.NextBytes: predictable.</summary>
    InsecureRandom,

    /// <summary>A copy from another buffer (Marshal.Copy, Buffer.MemoryCopy, CopyTo, memcpy...).</summary>
    Copy,

    /// <summary>An element store: <c>iv[i] = ...</c> or <c>*p = ...</c>.</summary>
    Element,
}

/// <summary>One write into a buffer: what writes, where, from what, and how many bytes when that is a constant.</summary>
internal sealed class BufferWrite
{
    private BufferWrite(IOperation operation, BufferWriteKind kind, IOperation destination, IOperation? source, IOperation? count, long? knownCount = null)
    {
        Operation = operation;
        Kind = kind;
        Destination = destination;
        Source = source;
        Count = count;
        KnownCount = knownCount;
    }

    public IOperation Operation { get; }

    public BufferWriteKind Kind { get; }

    public IOperation Destination { get; }

    public IOperation? Source { get; }

    /// <summary>The byte count argument, when the call has one.</summary>
    public IOperation? Count { get; }

    /// <summary>The byte count a helper's body gives its fill (<c>new Span&lt;byte&gt;(p, 16)</c>), where no argument carries it.</summary>
    public long? KnownCount { get; }

    public static BufferWrite? Of(IOperation operation) => operation switch
    {
        IInvocationOperation call => OfCall(call),
        ISimpleAssignmentOperation { Target: var target } assignment when IsElement(target) =>
            new BufferWrite(assignment, BufferWriteKind.Element, target, assignment.Value, null),
        _ => null,
    };

    /// <summary>A CSPRNG fill made by a helper the call invokes (<see cref="HelperFills"/>).</summary>
    public static BufferWrite CsprngThrough(IInvocationOperation call, IOperation destination, IOperation? count, long? knownCount) =>
        new(call, BufferWriteKind.Csprng, destination, null, count, knownCount);

    /// <summary>
    /// The writes an operation makes: its own (<see cref="Of(IOperation)"/>), else, for a call to a small helper of the
    /// same compilation, the CSPRNG fills the helper makes.
    /// </summary>
    public static IEnumerable<BufferWrite> WithHelpers(IOperation operation, SemanticModel? model)
    {
        if (Of(operation) is { } write)
        {
            return new[] { write };
        }

        return operation is IInvocationOperation call ? HelperFills.Of(call, model) : Enumerable.Empty<BufferWrite>();
    }

    /// <summary>The number of bytes written, when the count argument folds to a constant or a helper's body gives it.</summary>
    public long? CountIn(ConstantFolder folder) => Count is not null ? folder.Fold(Count) as long? : KnownCount;

    /// <summary>Whether a call returns fresh CSPRNG bytes, as <c>RandomNumberGenerator.GetBytes(16)</c>.</summary>
    public static bool ReturnsCsprngBytes(IOperation value) =>
        value is IInvocationOperation { TargetMethod: { Name: "GetBytes", IsStatic: true, ContainingType.Name: "RandomNumberGenerator" } };

    private static bool IsElement(IOperation target) =>
        target is IArrayElementReferenceOperation
        || target.Kind == OperationKind.None && target.Syntax is ElementAccessExpressionSyntax or PrefixUnaryExpressionSyntax;

    private static BufferWrite? OfCall(IInvocationOperation call)
    {
        IMethodSymbol method = call.TargetMethod;
        if (call.Arguments.Length == 0 && call.Instance is null)
        {
            return null;
        }

        string? type = method.ContainingType?.Name;
        switch (method.Name)
        {
            case "Fill" or "GetBytes" or "GetNonZeroBytes" when type == "RandomNumberGenerator" && call.Arguments.Length >= 1 && IsByteBuffer(call.Arguments[0].Value):
                return new BufferWrite(call, BufferWriteKind.Csprng, call.Arguments[0].Value, null, call.Arguments.Length == 3 ? call.Arguments[2].Value : null);
            case "NextBytes" when type == "Random" && call.Arguments.Length == 1:
                return new BufferWrite(call, BufferWriteKind.InsecureRandom, call.Arguments[0].Value, null, null);
            case "CopyTo" or "TryCopyTo" when call.Instance is not null && call.Arguments.Length >= 1:
                return new BufferWrite(call, BufferWriteKind.Copy, call.Arguments[0].Value, call.Instance, null);
            case "CopyTo" or "TryCopyTo" when call.Instance is null && method.IsExtensionMethod && call.Arguments.Length == 2:
                return new BufferWrite(call, BufferWriteKind.Copy, call.Arguments[1].Value, call.Arguments[0].Value, null);
        }

        if (method.IsStatic)
        {
            string entryPoint = NativeEntryPoint.NameOf(method);
            if (OpenSslNames.IsRand(entryPoint))
            {
                int buffer = entryPoint.EndsWith("_ex", System.StringComparison.Ordinal) ? 1 : 0;
                return call.Arguments.Length > buffer + 1
                    ? new BufferWrite(call, BufferWriteKind.Csprng, call.Arguments[buffer].Value, null, call.Arguments[buffer + 1].Value)
                    : null;
            }

            if (entryPoint is "memcpy" or "memmove" && call.Arguments.Length == 3)
            {
                return new BufferWrite(call, BufferWriteKind.Copy, call.Arguments[0].Value, call.Arguments[1].Value, call.Arguments[2].Value);
            }
        }

        IOperation? destination = null;
        IOperation? source = null;
        IOperation? count = null;
        foreach (IArgumentOperation argument in call.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "destination" or "destinationArray" or "dst" or "dest":
                    destination = argument.Value;
                    break;
                case "source" or "sourceArray" or "src":
                    source = argument.Value;
                    break;
                case "length" or "byteCount" or "sourceBytesToCopy" or "count":
                    count = argument.Value;
                    break;
            }
        }

        return destination is not null && source is not null && type is "Marshal" or "Buffer" or "Array" or "Unsafe" or "NativeMemory"
            ? new BufferWrite(call, BufferWriteKind.Copy, destination, source, count)
            : null;
    }

    private static bool IsByteBuffer(IOperation value) =>
        value.Type is IArrayTypeSymbol or INamedTypeSymbol { Name: "Span", TypeArguments.Length: 1 };
}
