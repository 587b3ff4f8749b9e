using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TicketKeys.Integration.Tests.Readme;
using TicketKeys.Integration.Tests.Support;
using Xunit;

namespace TicketKeys.Integration.Tests.Sample;

/// <summary>
/// samples/Migration: the provider resumes TLS 1.2 and 1.3 sessions, and the man page's callback, built on request,
/// raises exactly the diagnostics the sample's README lists, word for word.
/// </summary>
[Collection(RepositoryBuildCollection.Name)]
public sealed partial class MigrationSampleTests
{
    [Fact]
    public void The_provider_resumes_and_renews_TLS_12_and_13_sessions()
    {
        (int exitCode, string output) = ReadmeCommands.Run("dotnet run --project samples/Migration -- --self-test");

        Assert.True(exitCode == 0, output);
        foreach (string version in new[] { "TLSv1.2", "TLSv1.3" })
        {
            Assert.Contains($"{version} full handshake: full, client holds a ticket under", output, StringComparison.Ordinal);
            Assert.Contains($"{version} resumption: resumed", output, StringComparison.Ordinal);
            Assert.Contains($"{version} resumption after rotation: resumed", output, StringComparison.Ordinal);
        }

        Assert.Contains("migration self-test passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_man_page_callback_raises_the_diagnostics_the_sample_README_lists()
    {
        (int exitCode, string output) = ReadmeCommands.Run("dotnet build samples/Migration -p:WithManPageCallback=true");
        string readme = File.ReadAllText(Path.Combine(ToolProcess.RepositoryRoot(), "samples", "Migration", "README.md"));

        string[] reported = Diagnostic().Matches(output).Select(match => match.Groups["diagnostic"].Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        string[] listed = readme.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.StartsWith("ManPage/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

        Assert.True(exitCode == 0, output);
        Assert.Equal(["TKP004", "TKP006", "TKP010"], reported.Select(line => Regex.Match(line, @"TKP\d{3}").Value).Order(StringComparer.Ordinal));
        Assert.Equal(listed, reported);
        Assert.DoesNotMatch(@": warning (?!TKP)", output);
    }

    // "…/samples/Migration/ManPage/F.cs(L,C): warning TKPnnn: message (help link) [project]": file, position, ID and text.
    [GeneratedRegex(@"samples/Migration/(?<diagnostic>ManPage/[^(\s]+\(\d+,\d+\): (?:warning|error) TKP\d{3}: .*?) \(https?://\S+/TKP\d{3}\.md\)")]
    private static partial Regex Diagnostic();
}
