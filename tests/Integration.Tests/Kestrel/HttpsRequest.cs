using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using TicketKeys.Integration.Tests.Sample;

namespace TicketKeys.Integration.Tests.Kestrel;

/// <summary>
/// <c>GET /</c> over <c>openssl s_client</c> (HTTP/1.1, no ALPN), so that the test sees the TLS session itself:
/// "New"/"Reused" lines, and a session saved with <c>-sess_out</c> or offered with <c>-sess_in</c>. Bounded; killed on timeout.
/// </summary>
internal static class HttpsRequest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The start of the line KestrelFleet answers <c>GET /</c> with.</summary>
    public const string AnswerPrefix = "KestrelFleet: ";

    /// <summary>Runs <c>openssl s_client -connect ADDRESS</c> plus <paramref name="arguments"/>, sends <c>GET /</c> and waits for the answer.</summary>
    public static ProcessOutcome Get(string address, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (IEnumerable<string>)["s_client", "-connect", address, "-ign_eof", .. arguments])
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
        try
        {
            process.StandardInput.Write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // s_client quit (handshake failure): its output says why.
        }

        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < Timeout && !process.HasExited && !output.Text.Contains(AnswerPrefix, StringComparison.Ordinal))
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

    /// <summary>The answer line (<c>KestrelFleet: TLSv1.3, resumed, fleet keys on</c>); empty when none came.</summary>
    public static string Answer(ProcessOutcome outcome)
    {
        foreach (string line in outcome.Output.Split('\n'))
        {
            if (line.StartsWith(AnswerPrefix, StringComparison.Ordinal))
            {
                return line.TrimEnd('\r');
            }
        }

        return string.Empty;
    }
}
