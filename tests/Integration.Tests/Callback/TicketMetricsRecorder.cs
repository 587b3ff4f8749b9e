using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace TicketKeys.Integration.Tests.Callback;

/// <summary>Records the <c>TicketKeys</c> meter's counters by instrument name and <c>reason</c> tag.</summary>
internal sealed class TicketMetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public TicketMetricsRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TicketKeysMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(Record);
        _listener.Start();
    }

    /// <summary>The count of <paramref name="instrument"/> (e.g. <c>rejected</c>), optionally for one reason.</summary>
    public long Count(string instrument, string? reason = null) =>
        _counts.GetValueOrDefault(reason is null ? instrument : $"{instrument}[{reason}]");

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string name = instrument.Name.Replace("ticketkeys.tickets.", string.Empty, StringComparison.Ordinal)
            .Replace("ticketkeys.key.", string.Empty, StringComparison.Ordinal);
        _counts.AddOrUpdate(name, value, (_, total) => total + value);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == "reason")
            {
                _counts.AddOrUpdate($"{name}[{tag.Value}]", value, (_, total) => total + value);
            }
        }
    }
}
