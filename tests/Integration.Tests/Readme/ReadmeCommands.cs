using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TicketKeys.Integration.Tests.Support;
using Xunit;

namespace TicketKeys.Integration.Tests.Readme;

/// <summary>
/// The shell commands README.md shows (every line of its <c>sh</c>/<c>bash</c>/<c>shell</c>/<c>console</c> code blocks,
/// comments dropped), and the one way tests run them: <see cref="Run"/> takes a command only if the README shows it
/// word for word, and <see cref="ReadmeCommandCoverageTests"/> finds every such call in the test sources.
/// </summary>
internal static partial class ReadmeCommands
{
    private static readonly string[] ShellFences = ["```sh", "```bash", "```shell", "```console"];

    /// <summary>The commands of the repository's README.md.</summary>
    public static IReadOnlyList<string> All { get; } = Extract(File.ReadAllText(Path.Combine(ToolProcess.RepositoryRoot(), "README.md")));

    /// <summary>Every command in the shell code blocks of <paramref name="markdown"/>, in order.</summary>
    public static IReadOnlyList<string> Extract(string markdown)
    {
        var commands = new List<string>();
        bool inShell = false;
        bool inOther = false;
        string pending = string.Empty;
        foreach (string rawLine in markdown.Split('\n'))
        {
            string line = rawLine.TrimEnd('\r');
            string fence = line.Trim();
            if (fence.StartsWith("```", StringComparison.Ordinal))
            {
                if (inShell || inOther)
                {
                    inShell = inOther = false;
                }
                else if (ShellFences.Contains(fence, StringComparer.Ordinal))
                {
                    inShell = true;
                }
                else
                {
                    inOther = true;
                }

                continue;
            }

            if (!inShell)
            {
                continue;
            }

            string command = TrailingComment().Replace(line, string.Empty).Trim();
            if (command.Length == 0 || command.StartsWith('#'))
            {
                continue;
            }

            if (command.EndsWith('\\'))
            {
                pending += command[..^1].TrimEnd() + " ";
                continue;
            }

            commands.Add(pending + command);
            pending = string.Empty;
        }

        return commands;
    }

    /// <summary>
    /// Runs a README command with bash, as a user would paste it (<c>~</c> is <paramref name="home"/> when given);
    /// fails unless README.md shows exactly this command.
    /// </summary>
    /// <param name="command">The command, word for word as README.md shows it.</param>
    /// <param name="workingDirectory">Where to run it; the repository root when null.</param>
    /// <param name="home">HOME (and the .NET CLI's home) for commands that write under <c>~</c>.</param>
    /// <param name="environment">More variables.</param>
    public static (int ExitCode, string Output) Run(string command, string? workingDirectory = null, string? home = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        Assert.True(All.Contains(command, StringComparer.Ordinal), $"README.md does not show the command '{command}'");
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = workingDirectory ?? ToolProcess.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        if (home is not null)
        {
            start.Environment["HOME"] = home;
            start.Environment["DOTNET_CLI_HOME"] = home;
            start.Environment["PATH"] = Path.Combine(home, ".dotnet", "tools") + Path.PathSeparator + start.Environment["PATH"];
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        System.Threading.Tasks.Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{command}' did not finish within 8 minutes");
        }

        return (process.ExitCode, output + errors.Result);
    }

    // A comment after a command: whitespace, '#', whitespace (a '#' inside a word, as in a URL fragment, stays).
    [GeneratedRegex(@"\s+#\s.*$")]
    private static partial Regex TrailingComment();
}
