using System;
using System.Globalization;

namespace TicketKeys.Benchmarks;

/// <summary>The <c>name: value</c> lines scripts read from the benchmark modes.</summary>
internal static class NameValueLine
{
    public static void Print(string name, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {value:0.###}"));
}
