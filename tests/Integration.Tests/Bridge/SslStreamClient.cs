using System;
using TicketKeys.Integration.Tests.Sample;
using TicketKeys.Samples.Tls;

namespace TicketKeys.Integration.Tests.Bridge;

/// <summary><c>openssl s_client</c> against an <see cref="SslStreamServer"/>: one connection, its greeting line and whether it resumed.</summary>
internal static class SslStreamClient
{
    /// <summary>Connects with <paramref name="version"/> (<c>-tls1_2</c> or <c>-tls1_3</c>), saving or offering a session.</summary>
    public static SslStreamConnection Connect(string address, string version, string? sessionOut = null, string? sessionIn = null)
    {
        string[] arguments = [version, .. sessionOut is null ? Array.Empty<string>() : ["-sess_out", sessionOut], .. sessionIn is null ? Array.Empty<string>() : ["-sess_in", sessionIn]];
        ProcessOutcome outcome = OpenSslClient.Connect(address, output => output.Contains(SslStreamServer.GreetingPrefix, StringComparison.Ordinal), arguments);
        string greeting = string.Empty;
        foreach (string line in outcome.Output.Split('\n'))
        {
            if (line.StartsWith(SslStreamServer.GreetingPrefix, StringComparison.Ordinal))
            {
                greeting = line.Trim();
            }
        }

        return new SslStreamConnection(
            greeting,
            OpenSslClient.CountLines(outcome.Output, "Reused, ") > 0,
            outcome.Output + outcome.Errors);
    }
}
