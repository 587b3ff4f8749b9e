using System;
using System.Diagnostics;
using System.Globalization;
using TicketServer.Tls;

namespace TicketKeys.Benchmarks;

/// <summary>
/// <c>--quick</c>: a few seconds of interleaved rounds, printed as <c>name: value</c> lines. Ratios compare numbers
/// measured in the same run, so a noisy machine shifts both sides alike.
/// </summary>
internal static class QuickRatios
{
    private const int Rounds = 7;
    private const int HandshakesPerRound = 300;
    private const int LookupsPerRound = 1_000_000;

    public static void Run()
    {
        using ServerCertificate certificate = ServerCertificate.CreateSelfSigned();
        double sslNewFreeBefore = CallbackOverhead.NanosecondsPerSslNewFree(certificate);
        using var ring = new TicketKeyRing();
        using var perHost = new PerHostTicketKeys(ring);
        foreach (TlsVersion version in new[] { TlsVersion.Tls12, TlsVersion.Tls13 })
        {
            using var builtIn = new HandshakeBench(certificate, version, null, TicketCallbackApi.Automatic);
            using var evp = new HandshakeBench(certificate, version, ring, TicketCallbackApi.Evp);
            using var legacy = new HandshakeBench(certificate, version, ring, TicketCallbackApi.Legacy);
            using var perHostEvp = new HandshakeBench(certificate, version, context => perHost.AttachTo(context, TicketCallbackApi.Evp));
            using var uncappedEvp = new HandshakeBench(certificate, version, context => new UncappedRingKeys(ring).AttachTo(context, TicketCallbackApi.Evp));
            double[] builtInTimes = new double[Rounds];
            double[] evpTimes = new double[Rounds];
            double[] legacyTimes = new double[Rounds];
            double[] perHostTimes = new double[Rounds];
            double[] uncappedTimes = new double[Rounds];
            for (int round = 0; round < Rounds; round++)
            {
                builtInTimes[round] = MicrosecondsPerResume(builtIn);
                evpTimes[round] = MicrosecondsPerResume(evp);
                legacyTimes[round] = MicrosecondsPerResume(legacy);
                perHostTimes[round] = MicrosecondsPerResume(perHostEvp);
                uncappedTimes[round] = MicrosecondsPerResume(uncappedEvp);
            }

            string name = version == TlsVersion.Tls12 ? "tls12" : "tls13";
            Print($"resumed_handshake_{name}_builtin_us", Median(builtInTimes));
            Print($"resumed_handshake_{name}_evp_us", Median(evpTimes));
            Print($"resumed_handshake_{name}_legacy_us", Median(legacyTimes));
            Print($"ratio_{name}_evp_over_builtin", Median(evpTimes) / Median(builtInTimes));
            Print($"ratio_{name}_legacy_over_builtin", Median(legacyTimes) / Median(builtInTimes));
            Print($"resumed_handshake_{name}_per_host_evp_us", Median(perHostTimes));
            Print($"ratio_{name}_per_host_over_evp", Median(perHostTimes) / Median(evpTimes));
            Print($"resumed_handshake_{name}_uncapped_evp_us", Median(uncappedTimes));
            Print($"ratio_{name}_session_age_cap_over_uncapped", Median(evpTimes) / Median(uncappedTimes));
        }

        Print("ring_find_ns", NanosecondsPerLookup(ring));
        CallbackOverhead.Run(certificate, ring, Print);
        double sslNewFreeAfter = CallbackOverhead.NanosecondsPerSslNewFree(certificate);
        Print("ssl_new_free_before_attach_ns", sslNewFreeBefore);
        Print("ssl_new_free_after_attach_ns", sslNewFreeAfter);
    }

    private static double MicrosecondsPerResume(HandshakeBench bench)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < HandshakesPerRound; i++)
        {
            bench.Resume();
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / HandshakesPerRound;
    }

    private static double NanosecondsPerLookup(TicketKeyRing ring)
    {
        byte[] name = ring.Keys[0].Name.ToArray();
        double[] times = new double[Rounds];
        for (int round = 0; round < Rounds; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < LookupsPerRound; i++)
            {
                _ = ring.Find(name);
            }

            times[round] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / LookupsPerRound;
        }

        return Median(times);
    }

    private static double Median(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    private static void Print(string name, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {value:0.###}"));
}
