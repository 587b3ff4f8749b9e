using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using StackExchange.Redis;
using TicketKeys.Integration.Tests.Callback;
using TicketKeys.Redis;
using TicketKeys.Samples.Tls;
using Xunit;
using Xunit.Abstractions;

namespace TicketKeys.Integration.Tests.Redis;

/// <summary>
/// Redis killed, paused, restarted empty: two in-process nodes keep resuming sessions with their last good keys, count
/// the errors, report once per state change, recover by themselves, and never resume a ticket past its key's lifetime.
/// Each test has its own redis-server, since it breaks it.
/// </summary>
public sealed class RedisFaultTests : IClassFixture<CertificateFixture>, IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(12);
    private readonly ServerCertificate _certificate;
    private readonly ITestOutputHelper _output;
    private readonly List<IDisposable> _owned = [];
    private readonly RedisServer _redis = new();
    private readonly RedisKeyEncryptionKey _kek = RedisKeyEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));

    public RedisFaultTests(CertificateFixture fixture, ITestOutputHelper output)
    {
        _certificate = fixture.Certificate;
        _output = output;
    }

    [Fact]
    public void Killed_then_restarted_empty_the_nodes_keep_resuming_and_the_next_leader_puts_the_keys_back()
    {
        var rotation = new TicketKeyRotationPolicy(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        (RedisFleetNode first, TicketServerRig firstServer) = StartNode(rotation);
        (RedisFleetNode second, TicketServerRig secondServer) = StartNode(rotation);
        using var metrics = new TicketMetricsRecorder();
        ClientSession session = Own(firstServer.Connect().Session!);
        long generationBefore = second.Keys.Store.Generation;

        var outage = Stopwatch.StartNew();
        _redis.Kill();
        WaitUntil(() => !first.Feed.Health.IsHealthy && !second.Feed.Health.IsHealthy, "both nodes notice the outage");
        _output.WriteLine($"outage noticed after {outage.ElapsedMilliseconds} ms");
        Assert.True(secondServer.Connect(session).Resumed, "the second node resumes with its last good keys while Redis is down");
        Thread.Sleep(3 * Poll);
        Assert.True(metrics.Count("ticketkeys.store.errors", "unavailable") >= 2, $"store errors counted: {metrics.Count("ticketkeys.store.errors")}");

        var recovery = Stopwatch.StartNew();
        _redis.Start();
        WaitUntil(() => first.Feed.Health.IsHealthy && second.Feed.Health.IsHealthy, "both nodes recover");
        _output.WriteLine($"recovered {recovery.ElapsedMilliseconds} ms after Redis came back empty");

        using (ConnectionMultiplexer observer = ConnectionMultiplexer.Connect(_redis.ObserverConfiguration))
        {
            (long generation, Dictionary<string, (long Generation, DateTimeOffset NotBefore)> keys) = RedisContents.ReadLayout(observer.GetDatabase());
            Assert.Contains(session.TicketKeyNameHex, keys.Keys);
            Assert.True(generation > generationBefore, $"generation {generation} after the restart, {generationBefore} before: it only grows");
        }

        Assert.True(firstServer.Connect(session).Resumed, "the ticket issued before the outage still resumes on the first node");
        Assert.True(secondServer.Connect(session).Resumed, "and on the second");
        foreach (RedisFleetNode node in new[] { first, second })
        {
            // Once per state change, not per failed read.
            Assert.Equal([false, true], node.HealthChanges.Select(change => change.IsHealthy));
        }
    }

    [Fact]
    public void Paused_the_nodes_keep_resuming_and_recover_when_it_goes_on()
    {
        var rotation = new TicketKeyRotationPolicy(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        (RedisFleetNode first, TicketServerRig firstServer) = StartNode(rotation);
        (RedisFleetNode second, TicketServerRig secondServer) = StartNode(rotation);
        ClientSession session = Own(firstServer.Connect().Session!);

        var pause = Stopwatch.StartNew();
        _redis.Pause();
        WaitUntil(() => !first.Feed.Health.IsHealthy && !second.Feed.Health.IsHealthy, "both nodes notice the paused Redis");
        _output.WriteLine($"pause noticed after {pause.ElapsedMilliseconds} ms");
        Assert.True(secondServer.Connect(session).Resumed, "the second node resumes with its last good keys while Redis is paused");

        var recovery = Stopwatch.StartNew();
        _redis.Resume();
        WaitUntil(() => first.Feed.Health.IsHealthy && second.Feed.Health.IsHealthy, "both nodes recover");
        _output.WriteLine($"recovered {recovery.ElapsedMilliseconds} ms after Redis went on");
        Assert.True(secondServer.Connect(session).Resumed);
        Assert.Equal(first.KeyNames, second.KeyNames);
    }

    [Fact]
    public void A_long_outage_ends_in_full_handshakes_never_in_a_ticket_resumed_past_its_key_lifetime()
    {
        var rotation = new TicketKeyRotationPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        (RedisFleetNode first, TicketServerRig firstServer) = StartNode(rotation);
        (RedisFleetNode second, TicketServerRig secondServer) = StartNode(rotation);
        ClientSession session = Own(firstServer.Connect().Session!);
        DateTimeOffset notAfter = second.Ring.Keys.Single(key => key.NameHex == session.TicketKeyNameHex).Window.NotAfter;

        _redis.Kill();
        WaitUntil(() => !second.Feed.Health.IsHealthy, "the node notices the outage");
        TimeSpan untilExpiry = notAfter - DateTimeOffset.UtcNow;
        if (untilExpiry > TimeSpan.FromMilliseconds(200))
        {
            Assert.True(secondServer.Connect(session).Resumed, "resumes with the last good key while it is in its window");
            Thread.Sleep(untilExpiry);
        }

        Thread.Sleep(TimeSpan.FromMilliseconds(100));
        HandshakeResult late = secondServer.Connect(session);
        Assert.False(late.Resumed, $"resumed a ticket after its key expired at {notAfter:O}");
        // Refused by its window, or already dropped (and zeroed) as expired.
        TicketKeyLookup lookup = second.Ring.Find(Convert.FromHexString(session.TicketKeyNameHex));
        Assert.True(lookup.Result is TicketKeyLookupResult.Expired or TicketKeyLookupResult.UnknownKey, $"lookup after expiry: {lookup}");
        Assert.False(first.Feed.Health.IsHealthy);
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _kek.Dispose();
        _redis.Dispose();
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(stopwatch.Elapsed < Patience, $"timed out after {Patience}: {what}");
            Thread.Sleep(20);
        }
    }

    private (RedisFleetNode Node, TicketServerRig Server) StartNode(TicketKeyRotationPolicy rotation)
    {
        RedisFleetNode node = Own(RedisFleetNode.Start(_redis, _kek, rotation, Poll));
        TicketServerRig server = Own(TicketServerRig.Start(_certificate, TlsVersion.Tls13, context => node.Ring.AttachTo(context)));
        return (node, server);
    }

    private T Own<T>(T owned)
        where T : IDisposable
    {
        _owned.Add(owned);
        return owned;
    }
}
