using System;

namespace TicketKeys.Benchmarks;

/// <summary>The median of interleaved rounds: one slow round on a shared machine does not move it.</summary>
internal static class Median
{
    public static double Of(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}
