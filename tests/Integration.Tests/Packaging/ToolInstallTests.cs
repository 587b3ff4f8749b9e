using System;
using System.IO;
using System.Reflection;
using TicketKeys.Integration.Tests.Support;
using Xunit;

namespace TicketKeys.Integration.Tests.Packaging;

/// <summary>The <c>ticketkeys</c> tool packed and installed from a local folder as an operator would, then run by its command name.</summary>
[Collection(RepositoryBuildCollection.Name)]
public sealed class ToolInstallTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("ticketkeys-tool-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void The_tool_installs_from_a_local_feed_and_runs_as_ticketkeys()
    {
        string version = $"0.1.0-test{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        string feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        string tools = Path.Combine(_work, "tools");
        string configuration = typeof(ToolInstallTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        string config = Path.Combine(_work, "nuget.config");
        File.WriteAllText(config, $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        (int packed, string packOutput) = ToolProcess.Run(
            "dotnet", ToolProcess.RepositoryRoot(), "pack", "src/Cli/TicketKeys.Cli.csproj", "-c", configuration, $"-p:Version={version}", "-o", feed);
        Assert.True(packed == 0, packOutput);
        (int installed, string installOutput) = ToolProcess.Run(
            "dotnet", _work, "tool", "install", "TicketKeys.Tool", "--version", version, "--tool-path", tools, "--configfile", config);
        Assert.True(installed == 0, installOutput);

        string ticketkeys = Path.Combine(tools, "ticketkeys");
        string key = Path.Combine(_work, "ticket.key");
        (int made, string madeOutput) = ToolProcess.Run(ticketkeys, _work, "new", "--out", key);
        (int inspected, string inspectOutput) = ToolProcess.Run(ticketkeys, _work, "inspect", key);

        Assert.True(made == 0, madeOutput);
        Assert.True(inspected == 0, inspectOutput);
        Assert.Contains("usable: yes", inspectOutput, StringComparison.Ordinal);
    }
}
