using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace TicketKeys.Integration.Tests.Sample;

/// <summary>The sample's modes and exit codes, run as a process.</summary>
public sealed class SampleCommandLineTests
{
    private static readonly TimeSpan SelfTestTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("evp")]
    [InlineData("legacy")]
    public void Self_test_passes_and_prints_the_table(string api)
    {
        ProcessOutcome outcome = TicketServerProcess.Run(SelfTestTimeout, "--self-test", "--callback-api", api);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        string[] rows = outcome.Output.Split('\n').Where(line => line.StartsWith("TLSv1.", StringComparison.Ordinal) && !line.Contains("(ring rotated)", StringComparison.Ordinal)).ToArray();
        Assert.True(rows.Length == 10, outcome.ToString());
        Assert.All(rows, row => Assert.EndsWith(" ok", row, StringComparison.Ordinal));
        Assert.Equal(2, rows.Count(row => row.Contains("resume under old key", StringComparison.Ordinal) && row.Contains(" resumed ", StringComparison.Ordinal) && row.Contains(" yes ", StringComparison.Ordinal)));
        Assert.Contains("self-test passed", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_key_file_is_named_on_one_line_and_exits_with_2()
    {
        using var folder = new TemporaryFolder();
        string keyFile = folder.PathOf("short.key");
        File.WriteAllBytes(keyFile, new byte[47]);

        ProcessOutcome outcome = TicketServerProcess.Run(TicketServerProcess.StartTimeout, "--listen", "127.0.0.1:0", "--key-file", keyFile);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains(keyFile, outcome.Errors, StringComparison.Ordinal);
        Assert.Single(outcome.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("listening on", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_exits_with_2()
    {
        ProcessOutcome outcome = TicketServerProcess.Run(TicketServerProcess.StartTimeout, "--listen", "127.0.0.1:0", "--reconnect");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("--reconnect", outcome.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Sigterm_stops_the_listening_server_cleanly()
    {
        using TicketServerProcess server = TicketServerProcess.Start();

        using (Process signal = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            Assert.True(signal.WaitForExit(5000), "kill did not finish");
        }

        Assert.Equal(0, server.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Contains("stopped", server.Output, StringComparison.Ordinal);
    }
}
