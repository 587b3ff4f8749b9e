using System;
using System.Collections.Generic;
using System.Reflection;
using TicketKeys.Integration.Tests.Readme;
using TicketKeys.Integration.Tests.Support;
using Xunit;

namespace TicketKeys.Integration.Tests.Sample;

/// <summary>samples/Fleet/fleet.sh, as the README shows it: two servers on one key folder, sessions resumed across them.</summary>
[Collection(RepositoryBuildCollection.Name)]
public sealed class FleetScriptTests
{
    [Fact]
    public void Sessions_resume_across_the_fleet_and_after_a_rotation_are_renewed_under_the_new_key()
    {
        string configuration = typeof(FleetScriptTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

        (int exitCode, string output) = ReadmeCommands.Run("samples/Fleet/fleet.sh", environment: new Dictionary<string, string> { ["CONFIGURATION"] = configuration });

        Assert.True(exitCode == 0, output);
        foreach (string version in new[] { "1.2", "1.3" })
        {
            Assert.Contains($"A, new session:  New, TLSv{version}", output, StringComparison.Ordinal);
            Assert.Contains($"B, A's session:  Reused, TLSv{version}", output, StringComparison.Ordinal);
            Assert.Contains($"B, TLS {version} session from before the rotation: Reused, TLSv{version}", output, StringComparison.Ordinal);
        }

        Assert.EndsWith("renewed under the new key\n", output, StringComparison.Ordinal);
    }
}
