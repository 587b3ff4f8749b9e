using System;
using System.Collections.Generic;
using System.IO;
using TicketKeys.Integration.Tests.Readme;
using TicketKeys.Integration.Tests.Support;
using Xunit;

namespace TicketKeys.Integration.Tests.Packaging;

/// <summary>
/// The README's install commands as a user runs them, in a fresh home folder: both packages packed into
/// <c>~/ticketkeys-feed</c>, the folder added as a package source, then <c>dotnet add package TicketKeys</c> in a new
/// project and <c>dotnet tool install --global TicketKeys.Tool</c>, and the README's <c>ticketkeys</c> examples run by
/// the installed command.
/// </summary>
[Collection(RepositoryBuildCollection.Name)]
public sealed class LocalFeedInstallTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("ticketkeys-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void The_package_and_the_tool_install_from_a_local_feed_and_the_tool_runs_the_README_examples()
    {
        // Packing restores the repository's projects: keep the machine's package folder for that, not the fresh home's.
        string machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var packing = new Dictionary<string, string> { ["NUGET_PACKAGES"] = machinePackages };
        // Installing uses a package folder of its own, so no earlier copy of this version can stand in for the new one.
        var installing = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_home, "packages") };
        string app = Directory.CreateDirectory(Path.Combine(_home, "app")).FullName;
        File.WriteAllText(Path.Combine(app, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), "System.Console.WriteLine(typeof(TicketKeys.TicketKeyRing).Name);\n");
        string work = Directory.CreateDirectory(Path.Combine(_home, "work")).FullName;

        AssertRan(ReadmeCommands.Run("dotnet pack src/Runtime -c Release -o ~/ticketkeys-feed", home: _home, environment: packing));
        AssertRan(ReadmeCommands.Run("dotnet pack src/Cli -c Release -o ~/ticketkeys-feed", home: _home, environment: packing));
        AssertRan(ReadmeCommands.Run("dotnet nuget add source ~/ticketkeys-feed --name ticketkeys-local", home: _home, environment: packing));
        AssertRan(ReadmeCommands.Run("dotnet add package TicketKeys", app, _home, installing));
        AssertRan(ReadmeCommands.Run("dotnet tool install --global TicketKeys.Tool", work, _home, installing));
        (int _, string made) = AssertRan(ReadmeCommands.Run("ticketkeys new --out ticket.key", work, _home));
        (int _, string inspected) = AssertRan(ReadmeCommands.Run("ticketkeys inspect ticket.key", work, _home));
        AssertRan(ReadmeCommands.Run("ticketkeys convert ticket.key ticket.haproxy --to haproxy", work, _home));

        Assert.Contains("<PackageReference Include=\"TicketKeys\"", File.ReadAllText(Path.Combine(app, "App.csproj")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_home, ".dotnet", "tools", "ticketkeys")), "ticketkeys is not in ~/.dotnet/tools");
        Assert.Contains("nginx80", made, StringComparison.Ordinal);
        Assert.Contains("usable: yes", inspected, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(work, "ticket.haproxy")).Length);
    }

    private static (int ExitCode, string Output) AssertRan((int ExitCode, string Output) result)
    {
        Assert.True(result.ExitCode == 0, result.Output);
        return result;
    }
}
