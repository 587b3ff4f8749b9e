using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace TicketKeys.Integration.Tests.Sample;

/// <summary>
/// Runs <c>openssl s_client</c>, keeping its stdin open until its output shows what the test waits for (the server's
/// greeting line, which comes after TLS 1.3 tickets), then closing stdin so it quits. Bounded; killed on timeout.
/// </summary>
internal static class OpenSslClient
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The line the sample sends on every connection, after the handshake (and after TLS 1.3 tickets).</summary>
    public const string Greeting = "TicketServer: ";

    /// <summary>Runs <c>openssl s_client -connect ADDRESS</c> plus <paramref name="arguments"/>.</summary>
    /// <param name="address">127.0.0.1:PORT.</param>
    /// <param name="done">Decides from the output so far when the client may quit.</param>
    /// <param name="arguments">More s_client options.</param>
    public static ProcessOutcome Connect(string address, Func<string, bool> done, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (IEnumerable<string>)["s_client", "-connect", address, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        var output = new LineCapture();
        var errors = new LineCapture();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += output.Add;
        process.ErrorDataReceived += errors.Add;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < Timeout && !process.HasExited && !done(output.Text))
        {
            Thread.Sleep(10);
        }

        try
        {
            // End of input makes s_client send close_notify and quit.
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It has quit already.
        }
        bool exited = process.WaitForExit(Timeout);
        if (exited)
        {
            process.WaitForExit();
        }
        else
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(Timeout);
        }

        return new ProcessOutcome(exited ? process.ExitCode : null, output.Text, errors.Text);
    }

    /// <summary>Waits for the greeting (so TLS 1.3 tickets and the -sess_out file are in).</summary>
    public static bool GreetingReceived(string output) => output.Contains(Greeting, StringComparison.Ordinal);

    /// <summary>How many lines start with <paramref name="prefix"/>, e.g. "Reused, TLSv1.2".</summary>
    public static int CountLines(string output, string prefix)
    {
        int count = 0;
        foreach (string line in output.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }
}
