using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// What a function fills from a CSPRNG whenever it returns normally: buffers given as its parameters, buffers it
/// captures from its caller (a lambda or local function), and the delegates it invokes with its buffers.
/// </summary>
internal sealed class FillSummary
{
    public static readonly FillSummary None = new(ImmutableArray<FunctionFill>.Empty, ImmutableArray<DelegateCall>.Empty);

    public FillSummary(ImmutableArray<FunctionFill> fills, ImmutableArray<DelegateCall> delegateCalls)
    {
        Fills = fills;
        DelegateCalls = delegateCalls;
    }

    public ImmutableArray<FunctionFill> Fills { get; }

    public ImmutableArray<DelegateCall> DelegateCalls { get; }
}

/// <summary>
/// The bytes from the start of a buffer parameter: how many, when a constant (<see cref="Length"/>) or another parameter
/// (<see cref="LengthParameter"/>, as <c>populateRandom(iv, AES_BLOCK_SIZE)</c>) says so.
/// </summary>
internal readonly struct ParameterSpan
{
    public ParameterSpan(int parameter, long? length, int? lengthParameter)
    {
        Parameter = parameter;
        Length = length;
        LengthParameter = lengthParameter;
    }

    public int Parameter { get; }

    public long? Length { get; }

    public int? LengthParameter { get; }
}

/// <summary>One CSPRNG fill: of a parameter's buffer, or of a buffer captured from the caller, written as in the caller.</summary>
internal readonly struct FunctionFill
{
    private FunctionFill(ParameterSpan? parameter, IOperation? capturedDestination, IOperation? capturedCount)
    {
        Parameter = parameter;
        CapturedDestination = capturedDestination;
        CapturedCount = capturedCount;
    }

    public ParameterSpan? Parameter { get; }

    public IOperation? CapturedDestination { get; }

    public IOperation? CapturedCount { get; }

    public static FunctionFill OfParameter(ParameterSpan span) => new(span, null, null);

    public static FunctionFill OfCaptured(IOperation destination, IOperation? count) => new(null, destination, count);
}

/// <summary>A call a function makes to one of its delegate parameters, with the buffer parameters it passes by position.</summary>
internal readonly struct DelegateCall
{
    public DelegateCall(int delegateParameter, ImmutableArray<ParameterSpan?> arguments)
    {
        DelegateParameter = delegateParameter;
        Arguments = arguments;
    }

    public int DelegateParameter { get; }

    public ImmutableArray<ParameterSpan?> Arguments { get; }
}
