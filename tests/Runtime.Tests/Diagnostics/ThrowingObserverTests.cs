using System;
using System.Diagnostics.Metrics;
using System.IO;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Tests.Support;
using TicketKeys.__Internals;
using TicketKeys.Tests.Ring;
using Xunit;

namespace TicketKeys.Tests.Diagnostics;

/// <summary>
/// Code that observes TicketKeys (meter listeners, the directory's Rejected handler) runs inside the library, some of it
/// under OpenSSL's callback or on timer threads: its exceptions must stay there.
/// </summary>
[Collection(nameof(MeterCollection))]
public sealed class ThrowingObserverTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_throwing_meter_listener_does_not_escape_the_callback_containment()
    {
        using MeterListener listener = ThrowingListener();

        int code = __ProviderCallbackHelper.Contain(new InvalidOperationException("provider failed"), enc: 1, encryptFailureCode: -1);

        Assert.Equal(-1, code);
        Assert.Equal(0, __ProviderCallbackHelper.Contain(new InvalidOperationException("provider failed"), enc: 0, encryptFailureCode: -1));
    }

    [Fact]
    public void A_throwing_meter_listener_does_not_stop_a_rotation()
    {
        var time = new FakeTimeProvider(Start);
        using var ring = new TicketKeyRing(new TicketKeyRotationPolicy(TimeSpan.FromHours(1), TimeSpan.FromHours(2)), time);
        TicketKey before = ring.GetEncryptionKey()!;
        using MeterListener listener = ThrowingListener();

        ring.Rotate();

        Assert.NotSame(before, ring.GetEncryptionKey());
    }

    [Fact]
    public void A_throwing_Rejected_handler_does_not_escape_a_background_scan()
    {
        var time = new FakeTimeProvider(Start);
        KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(-1))), TestBytes.Random(80));
        int calls = 0;
        var options = new TicketKeyDirectoryOptions
        {
            RescanInterval = TimeSpan.FromMinutes(1),
            Rejected = _ => throw new InvalidOperationException($"handler failed ({++calls})"),
        };
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, options, time);
        KeyFiles.Write(_folder.File("not-a-timestamp.key"), TestBytes.Random(80));

        // The rescan timer fires on the thread that advances the fake clock, as it would on a timer thread.
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, calls);
        Assert.Contains(directory.Errors, problem => problem.Path.EndsWith("not-a-timestamp.key", StringComparison.Ordinal));
    }

    private static MeterListener ThrowingListener()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == TicketKeysMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => throw new InvalidOperationException("listener failed"));
        listener.Start();
        return listener;
    }
}
