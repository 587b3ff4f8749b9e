using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace TicketKeys.Benchmarks;

/// <summary>
/// <c>--build-costs</c>: the TicketKeys analyzers' share of a real build, on two projects written to a temporary
/// folder: the generator benchmark's 1,000 files with 50 providers, and 40 hand-written raw ticket callbacks with 200
/// plain files. Each is built once to restore and build the repository's projects it references, then compiled again
/// several times, interleaved, with only its own Csc running (BuildProjectReferences=false, its assembly deleted first)
/// and the compiler's analyzer report on. Twice each: the way this machine's environment configures the compiler (here
/// UseSharedCompilation=false: a fresh csc process per build, which JIT-compiles the analyzers every time), and through
/// the compiler server, as developers' builds and IDEs run (warmed up first; shut down at the end).
/// </summary>
internal static partial class BuildCosts
{
    private const int Builds = 3;
    private const string Configuration = "Release";

    public static void Run(Action<string, double> print)
    {
        string repository = FindRepository();
        DirectoryInfo root = Directory.CreateTempSubdirectory("ticketkeys-build-costs-");
        try
        {
            var projects = new[]
            {
                ("providers", SyntheticProject.Write(Path.Combine(root.FullName, "Providers"), "SyntheticProviders", SyntheticSources.ProviderProject(1_000, 50), repository)),
                ("callbacks", SyntheticProject.Write(Path.Combine(root.FullName, "Callbacks"), "SyntheticCallbacks", SyntheticSources.CallbackProject(40, 200), repository)),
            };
            var reports = new Dictionary<string, List<AnalyzerTimingReport>>(StringComparer.Ordinal);
            foreach ((string label, string projectFile) in projects)
            {
                string output = DotNet("build", projectFile, "-c", Configuration, "-nologo");
                print($"build_warnings_{label}", int.Parse(WarningCount().Match(output).Groups["count"].Value, CultureInfo.InvariantCulture));
                reports[label] = [];
                reports[label + "_server"] = [];
                _ = MeasureCompile(projectFile, compilerServer: true);
            }

            for (int build = 0; build < Builds; build++)
            {
                foreach ((string label, string projectFile) in projects)
                {
                    reports[label].Add(MeasureCompile(projectFile, compilerServer: false));
                    reports[label + "_server"].Add(MeasureCompile(projectFile, compilerServer: true));
                }
            }

            foreach ((string label, List<AnalyzerTimingReport> runs) in reports)
            {
                // TicketKeys analyzers' execution time (all TKP rules, as the compiler's ReportAnalyzer summary gives it)
                // divided by the elapsed time of the Csc task that compiled the project (MSBuild's task performance
                // summary), in percent; the median of the interleaved builds.
                print($"analyzer_share_{label}_pct", Median.Of(runs.Select(run => 100 * run.TicketKeysAnalyzersMilliseconds / run.CscMilliseconds).ToArray()));
                print($"generator_share_{label}_pct", Median.Of(runs.Select(run => 100 * run.TicketKeysGeneratorMilliseconds / run.CscMilliseconds).ToArray()));
                print($"build_csc_{label}_ms", Median.Of(runs.Select(run => run.CscMilliseconds).ToArray()));
                print($"build_all_analyzers_{label}_ms", Median.Of(runs.Select(run => run.AnalyzersMilliseconds).ToArray()));
                print($"build_ticketkeys_analyzers_{label}_ms", Median.Of(runs.Select(run => run.TicketKeysAnalyzersMilliseconds).ToArray()));
                foreach (string rule in runs[0].TicketKeysRuleMilliseconds.Keys.Order(StringComparer.Ordinal))
                {
                    print($"build_rule_{label}_{rule}_ms", Median.Of(runs.Select(run => run.TicketKeysRuleMilliseconds[rule]).ToArray()));
                }
            }
        }
        finally
        {
            DotNet("build-server", "shutdown");
            root.Delete(recursive: true);
        }
    }

    /// <summary>Compiles the project alone: its references are already built, and deleting its assembly forces CoreCompile.</summary>
    private static AnalyzerTimingReport MeasureCompile(string projectFile, bool compilerServer)
    {
        string name = Path.GetFileNameWithoutExtension(projectFile);
        File.Delete(Path.Combine(Path.GetDirectoryName(projectFile)!, "obj", Configuration, "net10.0", name + ".dll"));
        return AnalyzerTimingReport.Parse(DotNet(
            "build", projectFile, "-c", Configuration, "-nologo", "--no-restore", $"-p:UseSharedCompilation={(compilerServer ? "true" : "false")}",
            "-p:BuildProjectReferences=false", "-p:ReportAnalyzer=true", "-v:d", "-clp:PerformanceSummary"));
    }

    private static string DotNet(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):{Environment.NewLine}{Tail(output)}{error.Result}");
        }

        return output;
    }

    private static string Tail(string output) => output.Length > 4000 ? output[^4000..] : output;

    /// <summary>The folder of Generators.sln above this benchmark's binaries.</summary>
    private static string FindRepository()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Generators.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Generators.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^\s*(?<count>\d+) Warning\(s\)", RegexOptions.Multiline)]
    private static partial Regex WarningCount();
}
