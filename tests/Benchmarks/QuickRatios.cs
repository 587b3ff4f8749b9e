using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using TicketKeys.Samples.Tls;

namespace TicketKeys.Benchmarks;

/// <summary>
/// <c>--quick</c>: about a minute of interleaved rounds, printed as <c>name: value</c> lines. Ratios compare numbers
/// measured in the same run, so a noisy machine shifts both sides alike. Scripts depend on <c>resume_ratio_tls12</c>,
/// <c>resume_ratio_tls13</c>, <c>callback_ratio_enc1</c>, <c>callback_ratio_enc0</c> and <c>callback_alloc_bytes</c>.
/// </summary>
internal static unsafe class QuickRatios
{
    private const int HandshakesPerRound = 300;
    private const int SslStreamHandshakesPerRound = 100;
    private const int LookupsPerRound = 1_000_000;

    public static void Run()
    {
        using ServerCertificate certificate = ServerCertificate.CreateSelfSigned();
        double sslNewFreeBefore = CallbackOverhead.NanosecondsPerSslNewFree(certificate);
        ManPageCallback? manPage = ManPageCallback.TryLoad();
        using var ring = new TicketKeyRing();
        using var perHost = new PerHostTicketKeys(ring);
        foreach (TlsVersion version in new[] { TlsVersion.Tls12, TlsVersion.Tls13 })
        {
            string name = version == TlsVersion.Tls12 ? "tls12" : "tls13";
            ResumedHandshakes(certificate, version, name, ring, perHost, manPage);
        }

        SslStreamResumedHandshakes(ring);
        CallbackTiming.Run(certificate, manPage, NameValueLine.Print);
        RingLookups();
        CallbackOverhead.Run(certificate, ring, NameValueLine.Print);
        GeneratorCost.Run(NameValueLine.Print);
        NameValueLine.Print("ssl_new_free_before_attach_ns", sslNewFreeBefore);
        NameValueLine.Print("ssl_new_free_after_attach_ns", CallbackOverhead.NanosecondsPerSslNewFree(certificate));
    }

    /// <summary>Only the callback figures (<c>--quick --callbacks-only</c>), for profiling them.</summary>
    public static void RunCallbacksOnly()
    {
        using ServerCertificate certificate = ServerCertificate.CreateSelfSigned();
        CallbackTiming.Run(certificate, ManPageCallback.TryLoad(), NameValueLine.Print);
    }

    /// <summary>Only the SslStream bridge figures (<c>--quick --sslstream-only</c>).</summary>
    public static void RunSslStreamOnly()
    {
        using var ring = new TicketKeyRing();
        SslStreamResumedHandshakes(ring);
    }

    /// <summary>Resumed handshakes, like for like: every variant renews TLS 1.3 tickets, as built-in keys do.</summary>
    private static void ResumedHandshakes(ServerCertificate certificate, TlsVersion version, string name, TicketKeyRing ring, PerHostTicketKeys perHost, ManPageCallback? manPage)
    {
        using var builtIn = new HandshakeBench(certificate, version, null);
        using var evp = new HandshakeBench(certificate, version, context => ring.AttachTo(context, TicketCallbackApi.Evp));
        using var legacy = new HandshakeBench(certificate, version, context => ring.AttachTo(context, TicketCallbackApi.Legacy));
        using var perHostEvp = new HandshakeBench(certificate, version, context => perHost.AttachTo(context, TicketCallbackApi.Evp));
        using var uncappedEvp = new HandshakeBench(certificate, version, context => new UncappedRingKeys(ring).AttachTo(context, TicketCallbackApi.Evp));
        using HandshakeBench? manPageEvp = manPage is null ? null : new HandshakeBench(certificate, version, context => AttachOrThrow(manPage.AttachEvp, context));
        double[] us = Measurement.InterleavedMedians(
            () => MicrosecondsPerResume(builtIn),
            () => MicrosecondsPerResume(evp),
            () => MicrosecondsPerResume(legacy),
            () => MicrosecondsPerResume(perHostEvp),
            () => MicrosecondsPerResume(uncappedEvp),
            () => manPageEvp is null ? double.NaN : MicrosecondsPerResume(manPageEvp));

        // Handshakes per second with the generated provider over the same with built-in keys: higher is better.
        NameValueLine.Print($"resume_ratio_{name}", us[0] / us[1]);
        NameValueLine.Print($"resume_ratio_{name}_legacy", us[0] / us[2]);
        NameValueLine.Print($"resumed_handshake_{name}_builtin_us", us[0]);
        NameValueLine.Print($"resumed_handshake_{name}_evp_us", us[1]);
        NameValueLine.Print($"resumed_handshake_{name}_legacy_us", us[2]);
        NameValueLine.Print($"resumed_handshake_{name}_per_host_evp_us", us[3]);
        NameValueLine.Print($"ratio_{name}_per_host_over_evp", us[3] / us[1]);
        NameValueLine.Print($"resumed_handshake_{name}_uncapped_evp_us", us[4]);
        NameValueLine.Print($"ratio_{name}_session_age_cap_over_uncapped", us[1] / us[4]);
        if (manPageEvp is not null)
        {
            NameValueLine.Print($"resumed_handshake_{name}_c_evp_us", us[5]);
            NameValueLine.Print($"resume_ratio_{name}_c", us[0] / us[5]);
        }
    }

    /// <summary>
    /// Resumed handshakes through <see cref="System.Net.Security.SslStream"/> (server and client in this process): .NET's
    /// own ticket keys against the same with <see cref="SslStreamTicketKeys"/> attached (the ring, and one
    /// <see cref="SslStreamTicketKeys.Attach"/> plus <see cref="SslStreamTicketKeys.GetResumption"/> per connection).
    /// </summary>
    private static void SslStreamResumedHandshakes(TicketKeyRing ring)
    {
        foreach ((System.Security.Authentication.SslProtocols protocol, string name) in new[]
        {
            (System.Security.Authentication.SslProtocols.Tls12, "tls12"),
            (System.Security.Authentication.SslProtocols.Tls13, "tls13"),
        })
        {
            using var bridge = new SslStreamTicketKeys(ring);
            using var builtIn = new SslStreamBench($"builtin-{name}.test", protocol, bridge: null);
            using var bridged = new SslStreamBench($"bridge-{name}.test", protocol, bridge);
            double[] us = Measurement.InterleavedMedians(() => MicrosecondsPerHandshake(builtIn), () => MicrosecondsPerHandshake(bridged));

            // Handshakes per second with the bridge over the same without it: higher is better, 1 is parity.
            NameValueLine.Print($"sslstream_resume_ratio_{name}", us[0] / us[1]);
            NameValueLine.Print($"sslstream_resumed_handshake_{name}_builtin_us", us[0]);
            NameValueLine.Print($"sslstream_resumed_handshake_{name}_bridge_us", us[1]);
            NameValueLine.Print($"sslstream_resumed_fraction_{name}_builtin", (double)builtIn.Resumed / builtIn.Handshakes);
            NameValueLine.Print($"sslstream_resumed_fraction_{name}_bridge", (double)bridged.Resumed / bridged.Handshakes);
        }
    }

    private static double MicrosecondsPerHandshake(SslStreamBench bench)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < SslStreamHandshakesPerRound; i++)
        {
            bench.Handshake();
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / SslStreamHandshakesPerRound;
    }

    private static IDisposable? AttachOrThrow(delegate* unmanaged[Cdecl]<nint, int> attach, nint context) =>
        attach(context) == 1 ? null : throw new InvalidOperationException("OpenSSL refused the C ticket callback");

    private static double MicrosecondsPerResume(HandshakeBench bench)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < HandshakesPerRound; i++)
        {
            bench.Resume();
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / HandshakesPerRound;
    }

    /// <summary>
    /// Finding the last key (the worst case) of rings of 2, 16 and 64 keys (<see cref="TicketKeyLimits.MaxKeys"/>: a ring
    /// holds no more, so 256 cannot be measured); and of a ring while another thread rotates it.
    /// </summary>
    private static void RingLookups()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var window = new TicketKeyWindow(now, now.AddDays(1), now.AddDays(2));
        foreach (int count in new[] { 2, 16, TicketKeyLimits.MaxKeys })
        {
            using TicketKeyRing ring = TicketKeyRing.FromKeys(Enumerable.Range(0, count).Select(_ => TicketKey.Generate(window)));
            byte[] last = ring.Keys[count - 1].Name.ToArray();
            NameValueLine.Print($"ring_find_{count}_ns", Measurement.NanosecondsPerCall(() => _ = ring.Find(last), LookupsPerRound));
        }

        using var rotating = new TicketKeyRing(new TicketKeyRotationPolicy(TimeSpan.FromHours(1), TimeSpan.FromHours(2)));
        using var stop = new CancellationTokenSource();
        var rotator = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                rotating.Rotate();
                Thread.Sleep(1);
            }
        });
        rotator.Start();
        try
        {
            NameValueLine.Print("ring_find_while_rotating_ns", Measurement.NanosecondsPerCall(() => _ = rotating.Find(rotating.Keys[0].Name), LookupsPerRound));
        }
        finally
        {
            stop.Cancel();
            rotator.Join();
        }
    }
}
