using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using StackExchange.Redis;
using TicketKeys.Integration.Tests.Support;
using TicketKeys.Redis;
using Xunit;
using Xunit.Abstractions;

namespace TicketKeys.Integration.Tests.Redis;

/// <summary>
/// Several nodes race to rotate every 400 ms: exactly one key per interval, generations neither lost nor duplicated,
/// every node converges; a leader that wakes up late is fenced off.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class LeaderElectionTests : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(400);
    private static readonly TicketKeyRotationPolicy Rotation = new(Interval, 3 * Interval);
    private static readonly TimeSpan RunTime = TimeSpan.FromSeconds(4);
    private const int Nodes = 4;
    private readonly RedisServer _redis;
    private readonly ITestOutputHelper _output;

    public LeaderElectionTests(RedisServer redis, ITestOutputHelper output)
    {
        _redis = redis;
        _output = output;
    }

    [Fact]
    public void Racing_nodes_write_exactly_one_key_per_interval_and_all_converge()
    {
        using var kek = RedisKeyEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        using ConnectionMultiplexer observer = ConnectionMultiplexer.Connect(_redis.ObserverConfiguration);
        IDatabase database = observer.GetDatabase();
        var nodes = new List<RedisFleetNode>();
        try
        {
            for (int i = 0; i < Nodes; i++)
            {
                nodes.Add(RedisFleetNode.Start(_redis, kek, Rotation, TimeSpan.FromMilliseconds(100)));
            }

            // Every key the store ever held (name -> generation, interval), when it was first seen in the store, and
            // when every node's ring first held it.
            var stored = new Dictionary<string, (long Generation, DateTimeOffset NotBefore)>();
            var firstStored = new Dictionary<string, TimeSpan>();
            var everywhere = new Dictionary<string, TimeSpan>();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < RunTime)
            {
                (_, Dictionary<string, (long Generation, DateTimeOffset NotBefore)> keys) = RedisContents.ReadLayout(database);
                foreach ((string name, (long Generation, DateTimeOffset NotBefore) key) in keys)
                {
                    stored.TryAdd(name, key);
                    firstStored.TryAdd(name, clock.Elapsed);
                }

                foreach (string name in firstStored.Keys.Where(name => !everywhere.ContainsKey(name) && nodes.All(node => node.KeyNames.Contains(name))))
                {
                    everywhere[name] = clock.Elapsed;
                }

                Thread.Sleep(10);
            }

            // Stop every node, then take the final count: rotations go on until then.
            nodes.ForEach(node => node.Dispose());
            (long lastGeneration, Dictionary<string, (long Generation, DateTimeOffset NotBefore)> lastKeys) = RedisContents.ReadLayout(database);
            foreach ((string name, (long Generation, DateTimeOffset NotBefore) key) in lastKeys)
            {
                stored.TryAdd(name, key);
                firstStored.TryAdd(name, RunTime);
            }

            long finalGeneration = lastGeneration;
            foreach (TicketKeyStoreHealth change in nodes.SelectMany(node => node.HealthChanges))
            {
                _output.WriteLine(change.Message);
            }

            long written = nodes.Sum(node => node.Keys.Store.RotationsWritten);
            _output.WriteLine($"{Nodes} nodes, interval {Interval.TotalMilliseconds} ms, {RunTime.TotalSeconds} s: generation {finalGeneration}, {written} rotations written, {stored.Count} keys.");

            // One key per interval, and no interval without its key.
            IGrouping<DateTimeOffset, string>[] byInterval = [.. stored.GroupBy(entry => entry.Value.NotBefore, entry => entry.Key).OrderBy(group => group.Key)];
            Assert.All(byInterval, group => Assert.True(group.Count() == 1, $"interval {group.Key:O} has {group.Count()} keys"));
            string timeline = string.Join(", ", stored.OrderBy(entry => entry.Value.NotBefore)
                .Select(entry => $"{entry.Value.NotBefore:HH:mm:ss.fff} g{entry.Value.Generation} seen {firstStored[entry.Key].TotalMilliseconds:0}"));
            for (int i = 1; i < byInterval.Length; i++)
            {
                Assert.True(byInterval[i].Key - byInterval[i - 1].Key == Interval, $"intervals without a key: {timeline}");
            }

            // Rotation went on for the whole run (the first keys seen may predate it: they live three intervals).
            Assert.True(byInterval.Length >= (int)(RunTime / Interval) - 1, $"only {byInterval.Length} intervals had keys in {RunTime}");

            // Every generation was written by exactly one winner, and each wrote keys: none lost, none duplicated.
            Assert.Equal(finalGeneration, written);
            Assert.Equal(Enumerable.Range(1, (int)finalGeneration).Select(value => (long)value), stored.Values.Select(key => key.Generation).Distinct().Order());

            // Every node converges on every key, well within one interval (the key is pre-staged one interval ahead).
            TimeSpan[] convergence = [.. everywhere.Select(entry => entry.Value - firstStored[entry.Key])];
            _output.WriteLine($"convergence: median {Median(convergence).TotalMilliseconds:0} ms, max {convergence.Max().TotalMilliseconds:0} ms over {convergence.Length} keys.");
            Assert.All(stored.Keys.Where(name => firstStored[name] < RunTime - Interval), name => Assert.True(everywhere.ContainsKey(name), $"key {name} never reached every node"));
            Assert.True(convergence.Max() < Interval, $"slowest convergence {convergence.Max()}");
        }
        finally
        {
            nodes.ForEach(node => node.Dispose());
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task A_leader_that_wakes_up_late_cannot_overwrite_a_newer_key_set()
    {
        using var kek = RedisKeyEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        var slow = new TicketKeyRotationPolicy(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30));
        using RedisFleetNode node = RedisFleetNode.Start(_redis, kek, slow, TimeSpan.FromSeconds(5), prefix: "{fence}:");
        IDatabase database = node.Keys.Store.Database;
        (long before, Dictionary<string, (long Generation, DateTimeOffset NotBefore)> keysBefore) = RedisContents.ReadLayout(database, "{fence}:");
        Assert.True(before >= 1);

        // The late leader read generation before - 1 (it was paused while another node rotated) and now writes.
        RedisTicketKeyStore store = node.Keys.Store;
        bool written = await store.CompareAndSetAsync(database, before - 1, before, [], [store.NewKey(DateTimeOffset.UtcNow, before)]);

        Assert.False(written);
        (long after, Dictionary<string, (long Generation, DateTimeOffset NotBefore)> keysAfter) = RedisContents.ReadLayout(database, "{fence}:");
        Assert.Equal(before, after);
        Assert.Equal(keysBefore.Keys.Order(), keysAfter.Keys.Order());

        // Control: from the generation in force the same write goes through.
        Assert.True(await store.CompareAndSetAsync(database, before, before + 1, [], [store.NewKey(DateTimeOffset.UtcNow, before + 1)]));
    }

    private static TimeSpan Median(TimeSpan[] values)
    {
        TimeSpan[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? TimeSpan.Zero : sorted[sorted.Length / 2];
    }
}
