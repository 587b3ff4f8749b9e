using System;
using System.Diagnostics;

namespace TicketKeys.Benchmarks;

/// <summary>Medians of interleaved rounds: the series share the machine's noise, so their ratios are fair.</summary>
internal static class Measurement
{
    public const int Rounds = 7;

    /// <summary>Runs every series once per round, in turn; returns each series' median.</summary>
    public static double[] InterleavedMedians(params Func<double>[] series)
    {
        double[][] times = new double[series.Length][];
        for (int i = 0; i < series.Length; i++)
        {
            times[i] = new double[Rounds];
        }

        for (int round = 0; round < Rounds; round++)
        {
            for (int i = 0; i < series.Length; i++)
            {
                times[i][round] = series[i]();
            }
        }

        double[] medians = new double[series.Length];
        for (int i = 0; i < series.Length; i++)
        {
            medians[i] = Median.Of(times[i]);
        }

        return medians;
    }

    /// <summary>The median over <see cref="Rounds"/> rounds of nanoseconds per call of <paramref name="call"/>.</summary>
    public static double NanosecondsPerCall(Action call, int callsPerRound) =>
        InterleavedMedians(() =>
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < callsPerRound; i++)
            {
                call();
            }

            return Stopwatch.GetElapsedTime(start).TotalNanoseconds / callsPerRound;
        })[0];
}
