using Xunit;

namespace TicketKeys.Integration.Tests.Callback;

/// <summary>Callback tests read the process-wide <c>TicketKeys</c> meter, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CallbackTestCollection
{
    public const string Name = "OpenSSL ticket callbacks";
}
