using Xunit;

namespace TicketKeys.Integration.Tests.Support;

/// <summary>
/// Tests whose assertions involve wall-clock intervals of a few hundred milliseconds (rotation races) run alone, after
/// the parallel ones: a build or a pack run by another test at the same moment can stall a 2-core machine for longer
/// than one interval, which would read as a missed rotation rather than the load it is.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "Timing-sensitive";
}
