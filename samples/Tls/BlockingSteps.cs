using System;
using System.Diagnostics;

namespace TicketKeys.Samples.Tls;

/// <summary>Drives one step of a connection on a blocking socket whose reads and writes time out.</summary>
internal static class BlockingSteps
{
    /// <summary>
    /// Repeats <paramref name="step"/> until it is done or fails. On a blocking socket "waiting" means a read timed
    /// out or more data is due, so the step gets at most <paramref name="maxCalls"/> calls within <paramref name="timeout"/>.
    /// </summary>
    /// <returns>The failure, or null when the step finished.</returns>
    internal static string? Run(Func<SslStep> step, TimeSpan timeout, int maxCalls)
    {
        var elapsed = Stopwatch.StartNew();
        for (int call = 0; call < maxCalls && elapsed.Elapsed < timeout; call++)
        {
            SslStep result = step();
            if (result.Done || result.Failed)
            {
                return result.Error;
            }
        }

        return $"Timed out: the peer did not finish within {timeout.TotalSeconds:0.#} s.";
    }
}
