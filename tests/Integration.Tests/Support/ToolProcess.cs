using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace TicketKeys.Integration.Tests.Support;

/// <summary>Runs a tool (<c>dotnet</c>, a published binary) to completion, as a user at a shell would.</summary>
internal static class ToolProcess
{
    /// <summary>The folder holding Generators.sln, found above the test's output folder.</summary>
    public static string RepositoryRoot()
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

    /// <summary>Runs <paramref name="program"/> with the test host's MSBuild variables removed; returns its exit code and output.</summary>
    public static (int ExitCode, string Output) Run(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        using Process process = Process.Start(start)!;
        System.Threading.Tasks.Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(8)), $"{program} {string.Join(' ', arguments)} did not finish within 8 minutes");
        return (process.ExitCode, output + errors.Result);
    }
}
