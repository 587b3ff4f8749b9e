using System;
using System.IO;
using System.Reflection;
using TicketKeys.Integration.Tests.Support;
using Xunit;

namespace TicketKeys.Integration.Tests.Packaging;

/// <summary>The runtime packed once (a fresh version, so no NuGet cache interferes) into a local feed, and consumers built from it.</summary>
public sealed class PackedRuntime : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("ticketkeys-package-").FullName;
    private readonly string _version = $"0.1.0-test{DateTime.UtcNow:yyyyMMddHHmmssfff}";
    private readonly string _feed;

    public PackedRuntime()
    {
        _feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        string configuration = typeof(PackedRuntime).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        (int packed, string output) = ToolProcess.Run(
            "dotnet", ToolProcess.RepositoryRoot(), "pack", "src/Runtime/TicketKeys.csproj", "-c", configuration, $"-p:Version={_version}", "-o", _feed);
        Assert.True(packed == 0, output);
    }

    /// <summary>The packed <c>.nupkg</c>.</summary>
    public string PackagePath => Path.Combine(_feed, $"TicketKeys.{_version}.nupkg");

    /// <summary>The symbols package beside it.</summary>
    public string SymbolsPackagePath => Path.Combine(_feed, $"TicketKeys.{_version}.snupkg");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>Builds a new console project with <paramref name="properties"/> and one source file; returns exit code and output.</summary>
    /// <param name="name">The project's folder name.</param>
    /// <param name="properties">MSBuild properties.</param>
    /// <param name="program">Program.cs.</param>
    /// <param name="items">More MSBuild items (e.g. linked source files).</param>
    public (int ExitCode, string Output) Build(string name, string properties, string program, string items = "")
    {
        string consumer = Directory.CreateDirectory(Path.Combine(_work, name)).FullName;
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{_feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                {properties}
                <RestorePackagesPath>{Path.Combine(_work, "packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TicketKeys" Version="{_version}" />
                {items}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), program);
        return ToolProcess.Run("dotnet", consumer, "build", "-nologo");
    }

    /// <summary>Runs the consumer <paramref name="name"/> that <see cref="Build"/> built; returns exit code and output.</summary>
    public (int ExitCode, string Output) Run(string name)
    {
        string consumer = Path.Combine(_work, name);
        return ToolProcess.Run("dotnet", consumer, Path.Combine(consumer, "bin", "Debug", "net10.0", "Consumer.dll"));
    }
}
