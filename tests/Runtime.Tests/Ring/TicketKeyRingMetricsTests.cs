using System;
using System.Diagnostics.Metrics;
using System.Threading;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace TicketKeys.Tests.Ring;

/// <summary>The meter is process-wide: run alone so that no other test's rotation is counted.</summary>
[CollectionDefinition(nameof(MeterCollection), DisableParallelization = true)]
public sealed class MeterCollection;

[Collection(nameof(MeterCollection))]
public sealed class TicketKeyRingMetricsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Replace_counts_a_rotation_only_when_the_encrypting_key_changes()
    {
        var time = new FakeTimeProvider(Start);
        TicketKey staged = TicketKey.Generate(new TicketKeyWindow(Start.AddHours(1), Start.AddDays(1), Start.AddDays(1)));
        TicketKey current = TicketKey.Generate(new TicketKeyWindow(Start.AddHours(-1), Start.AddHours(1), Start.AddDays(1)));
        using var ring = TicketKeyRing.FromKeys([staged, current], time);
        using var rotations = new RotationCounter();

        ring.Replace([staged, current]);
        Assert.Equal(0, rotations.Count);

        TicketKey fresh = TicketKey.Generate(new TicketKeyWindow(Start, Start.AddHours(1), Start.AddDays(1)));
        ring.Replace([staged, fresh, current]);
        Assert.Equal(1, rotations.Count);
    }

    [Fact]
    public void A_self_rotating_ring_counts_each_rotation()
    {
        var time = new FakeTimeProvider(Start);
        using var ring = new TicketKeyRing(new TicketKeyRotationPolicy(TimeSpan.FromHours(1), TimeSpan.FromHours(2)), time);
        using var rotations = new RotationCounter();

        time.Advance(TimeSpan.FromHours(1));
        _ = ring.GetEncryptionKey();
        ring.Rotate();

        Assert.Equal(2, rotations.Count);
    }

    private sealed class RotationCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public RotationCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == TicketKeysMetrics.MeterName && instrument.Name == "ticketkeys.key.rotations")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
