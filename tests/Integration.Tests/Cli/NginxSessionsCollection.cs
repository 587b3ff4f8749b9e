using Xunit;

namespace TicketKeys.Integration.Tests.Cli;

/// <summary>The nginx test classes share one nginx run and its saved sessions (<see cref="NginxSessions"/>).</summary>
[CollectionDefinition(Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NginxSessionsCollection : ICollectionFixture<NginxSessions>
{
    public const string Name = "nginx sessions";
}
