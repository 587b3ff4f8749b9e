using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace TicketKeys.Benchmarks;

/// <summary>
/// What one <c>dotnet build -p:ReportAnalyzer=true -v:d -clp:PerformanceSummary</c> that compiled a single project
/// printed about that compilation: the Csc task's elapsed time from MSBuild's task performance summary, and the
/// compiler's analyzer and generator execution times. The compiler sums those over the threads that ran them, so they
/// can exceed the elapsed time when analyzers run concurrently.
/// </summary>
internal sealed partial class AnalyzerTimingReport
{
    private AnalyzerTimingReport(
        double cscMilliseconds,
        double analyzersMilliseconds,
        double ticketKeysAnalyzersMilliseconds,
        double ticketKeysGeneratorMilliseconds,
        IReadOnlyDictionary<string, double> ticketKeysRuleMilliseconds)
    {
        CscMilliseconds = cscMilliseconds;
        AnalyzersMilliseconds = analyzersMilliseconds;
        TicketKeysAnalyzersMilliseconds = ticketKeysAnalyzersMilliseconds;
        TicketKeysGeneratorMilliseconds = ticketKeysGeneratorMilliseconds;
        TicketKeysRuleMilliseconds = ticketKeysRuleMilliseconds;
    }

    /// <summary>Elapsed time of the Csc task: the whole compilation, analyzers and generators included.</summary>
    public double CscMilliseconds { get; }

    /// <summary>All analyzers of the compilation (the SDK's among them).</summary>
    public double AnalyzersMilliseconds { get; }

    /// <summary>The TicketKeys.Analyzers assembly: every TKP rule.</summary>
    public double TicketKeysAnalyzersMilliseconds { get; }

    /// <summary>The TicketKeys.Generator assembly.</summary>
    public double TicketKeysGeneratorMilliseconds { get; }

    /// <summary>Each TKP rule's analyzer, by the diagnostic IDs it reports.</summary>
    public IReadOnlyDictionary<string, double> TicketKeysRuleMilliseconds { get; }

    public static AnalyzerTimingReport Parse(string buildOutput)
    {
        Match[] csc = CscTask().Matches(buildOutput).ToArray();
        if (csc.Length != 1 || csc[0].Groups["calls"].Value != "1")
        {
            throw new InvalidOperationException("Expected exactly one Csc call in the build's task performance summary: the measured build must compile one project.");
        }

        return new AnalyzerTimingReport(
            double.Parse(csc[0].Groups["milliseconds"].Value, CultureInfo.InvariantCulture),
            Milliseconds(TotalAnalyzerTime().Match(buildOutput), "total analyzer execution time"),
            Milliseconds(TicketKeysAnalyzersTime().Match(buildOutput), "TicketKeys.Analyzers"),
            Milliseconds(TicketKeysGeneratorTime().Match(buildOutput), "TicketKeys.Generator"),
            TicketKeysRuleTime().Matches(buildOutput).ToDictionary(rule => rule.Groups["ids"].Value, rule => Milliseconds(rule, "rule"), StringComparer.Ordinal));
    }

    /// <summary>The compiler prints seconds to the millisecond, and "&lt;0.001" below that, counted here as 1 ms.</summary>
    private static double Milliseconds(Match match, string line) => match.Success
        ? double.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture) * 1000
        : throw new InvalidOperationException($"The build output has no {line} line: was it built with -p:ReportAnalyzer=true -v:d?");

    [GeneratedRegex(@"^\s*(?<milliseconds>\d+) ms\s+Csc\s+(?<calls>\d+) calls", RegexOptions.Multiline)]
    private static partial Regex CscTask();

    [GeneratedRegex(@"Total analyzer execution time: (?<seconds>[\d.]+) seconds")]
    private static partial Regex TotalAnalyzerTime();

    [GeneratedRegex(@"^\s*<?(?<seconds>[\d.]+)\s+<?\d+\s+TicketKeys\.Analyzers, Version=", RegexOptions.Multiline)]
    private static partial Regex TicketKeysAnalyzersTime();

    [GeneratedRegex(@"^\s*<?(?<seconds>[\d.]+)\s+<?\d+\s+TicketKeys\.Generator, Version=", RegexOptions.Multiline)]
    private static partial Regex TicketKeysGeneratorTime();

    [GeneratedRegex(@"^\s*<?(?<seconds>[\d.]+)\s+<?\d+\s+TicketKeys\.Analyzers\.Rules\.\w+ \((?<ids>[^)]*)\)", RegexOptions.Multiline)]
    private static partial Regex TicketKeysRuleTime();
}
