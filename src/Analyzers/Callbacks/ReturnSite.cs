using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace TicketKeys.Analyzers.Callbacks;

/// <summary>A value a callback returns, the block it is returned from, and its constant when it has one.</summary>
internal readonly struct ReturnSite
{
    public ReturnSite(BasicBlock block, IOperation value, long? constant)
    {
        Block = block;
        Value = value;
        Constant = constant;
    }

    public BasicBlock Block { get; }

    public IOperation Value { get; }

    public long? Constant { get; }
}
