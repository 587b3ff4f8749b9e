using System;
using TicketKeys.Integration.Tests.Support;
using Xunit;

namespace TicketKeys.Integration.Tests.Readme;

/// <summary>The README's first command: the sample server's self-test through <c>dotnet run</c>.</summary>
[Collection(RepositoryBuildCollection.Name)]
public sealed class QuickStartTests
{
    [Fact]
    public void The_sample_self_test_passes_through_dotnet_run()
    {
        (int exitCode, string output) = ReadmeCommands.Run("dotnet run --project samples/TicketServer -- --self-test");

        Assert.True(exitCode == 0, output);
        Assert.Contains("self-test passed", output, StringComparison.Ordinal);
    }
}
