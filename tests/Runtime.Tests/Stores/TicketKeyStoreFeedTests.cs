using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TicketKeys.Tests.Support;
using Xunit;

namespace TicketKeys.Tests.Stores;

/// <summary>The feed follows any store; here the key folder, which implements the store abstraction.</summary>
public sealed class TicketKeyStoreFeedTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_feed_over_a_key_folder_serves_its_keys_and_follows_a_new_file_through_the_change_notice()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(now.AddMinutes(-2))), TestBytes.Random(80));
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options());
        using TicketKeyStoreFeed feed = await TicketKeyStoreFeed.StartAsync(directory, new TicketKeyStoreFeedOptions { PollInterval = TimeSpan.FromMinutes(10) });
        Assert.Equal(directory.Ring.Keys.Select(key => key.NameHex), feed.Ring.Keys.Select(key => key.NameHex));
        Assert.NotSame(directory.Ring.Keys[0], feed.Ring.Keys[0]);

        KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(now.AddMinutes(-1))), TestBytes.Random(80));
        directory.Rescan();

        // Only the change notice can bring it within the poll interval of 10 minutes.
        var stopwatch = Stopwatch.StartNew();
        while (feed.Ring.Keys.Count < 2)
        {
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), "the feed did not follow the folder's change notice");
            await Task.Delay(10);
        }

        Assert.Equal(directory.Ring.Keys.Select(key => key.NameHex), feed.Ring.Keys.Select(key => key.NameHex));
        Assert.Same(feed.Ring.Keys[0], feed.Ring.GetEncryptionKey());
    }

    [Fact]
    public async Task A_store_that_fails_keeps_the_last_good_keys_counts_each_error_and_reports_the_change_once()
    {
        KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddMinutes(-1))), TestBytes.Random(80));
        TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options());
        var changes = new List<TicketKeyStoreHealth>();
        using TicketKeyStoreFeed feed = await TicketKeyStoreFeed.StartAsync(directory, new TicketKeyStoreFeedOptions
        {
            PollInterval = TimeSpan.FromMinutes(10),
            HealthChanged = changes.Add,
        });
        TicketKey key = Assert.Single(feed.Ring.Keys);
        long errors = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == TicketKeysMetrics.MeterName && instrument.Name == "ticketkeys.store.errors")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref errors, value));
        listener.Start();

        // A disposed directory can no longer be read: the store has failed.
        directory.Dispose();
        Assert.False(await feed.RefreshAsync());
        Assert.False(await feed.RefreshAsync());

        Assert.Same(key, Assert.Single(feed.Ring.Keys));
        Assert.False(key.IsDisposed);
        Assert.Same(key, feed.Ring.GetEncryptionKey());
        Assert.False(feed.Health.IsHealthy);
        Assert.Equal(2, Interlocked.Read(ref errors));
        TicketKeyStoreHealth change = Assert.Single(changes);
        Assert.False(change.IsHealthy);
        Assert.Contains("last good keys stay in force", change.Message, StringComparison.Ordinal);
    }

    private static TicketKeyDirectoryOptions Options() => new() { SettleTime = TimeSpan.Zero, Permissions = KeyFilePermissions.Ignore };
}
