using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;
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
        (int packed, string output) = Dotnet(
            RepositoryRoot(), $"pack src/Runtime/TicketKeys.csproj -c {configuration} -p:Version={_version} -o \"{_feed}\"");
        Assert.True(packed == 0, output);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>Builds a new console project with <paramref name="properties"/> and one source file; returns exit code and output.</summary>
    public (int ExitCode, string Output) Build(string name, string properties, string program)
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
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), program);
        return Dotnet(consumer, "build -nologo");
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Generators.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Generators.sln not found above " + AppContext.BaseDirectory);
    }

    private static (int ExitCode, string Output) Dotnet(string workingDirectory, string arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");

        using Process process = Process.Start(start)!;
        System.Threading.Tasks.Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), $"dotnet {arguments} did not finish within 3 minutes");
        return (process.ExitCode, output + error.Result);
    }
}
