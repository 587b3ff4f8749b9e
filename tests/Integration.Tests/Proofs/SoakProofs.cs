using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using TicketKeys.Integration.Tests.Callback;
using TicketKeys.Samples.Tls;
using Xunit;
using Xunit.Abstractions;

namespace TicketKeys.Integration.Tests.Proofs;

/// <summary>
/// Client threads do full and resumed handshakes over loopback while the ring rotates every few milliseconds, keys
/// expire within tens of milliseconds and keys are revoked: no handshake fails, no expired or revoked key is accepted.
/// </summary>
[Collection(CallbackTestCollection.Name)]
public sealed class SoakProofs : IClassFixture<CertificateFixture>
{
    /// <summary>Seconds in CI; <c>TICKETKEYS_SOAK_SECONDS</c> runs longer by hand.</summary>
    private const int DefaultSeconds = 8;

    private static readonly TicketKeyRotationPolicy Frantic = new(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(40));

    private readonly ServerCertificate _certificate;
    private readonly ITestOutputHelper _output;

    public SoakProofs(CertificateFixture fixture, ITestOutputHelper output)
    {
        _certificate = fixture.Certificate;
        _output = output;
    }

    [Fact]
    public async Task Handshakes_under_frantic_rotation_expiry_and_revocation_never_fail_and_never_resume_a_dead_key()
    {
        int seconds = int.TryParse(Environment.GetEnvironmentVariable("TICKETKEYS_SOAK_SECONDS"), out int requested) ? requested : DefaultSeconds;
        using var metrics = new TicketMetricsRecorder();
        using var ring = new TicketKeyRing(Frantic);
        var provider = new AuditedTicketKeys(ring);
        using ServerContext evpContext = ServerContext.Create(_certificate);
        using ServerContext legacyContext = ServerContext.Create(_certificate);
        using TicketKeyAttachment evp = provider.AttachTo(evpContext.Handle, TicketCallbackApi.Evp);
        using TicketKeyAttachment legacy = provider.AttachTo(legacyContext.Handle, TicketCallbackApi.Legacy);
        using TlsServer evpServer = TlsServer.Start(new IPEndPoint(IPAddress.Loopback, 0), evpContext);
        using TlsServer legacyServer = TlsServer.Start(new IPEndPoint(IPAddress.Loopback, 0), legacyContext);
        IPEndPoint[] servers = [evpServer.LocalEndPoint, legacyServer.LocalEndPoint];
        var outcomes = new ConcurrentDictionary<string, long>();
        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));

        Task[] clients = [.. Enumerable.Range(0, 4).Select(index => OnOwnThread(() =>
            RunClient(index % 2 == 0 ? TlsVersion.Tls13 : TlsVersion.Tls12, servers[index / 2], provider, outcomes, failures, stop.Token)))];
        Task revoker = OnOwnThread(() => Revoke(ring, provider, outcomes, stop.Token));
        await Task.WhenAll([.. clients, revoker]);

        long handshakes = outcomes.Where(pair => pair.Key.StartsWith("handshake.", StringComparison.Ordinal)).Sum(pair => pair.Value);
        _output.WriteLine($"Soak: {seconds} s, {handshakes} handshakes: " + string.Join(", ", outcomes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {pair.Value}")));
        _output.WriteLine($"Callback decisions: issued {metrics.Count("issued")}, resumed {metrics.Count("resumed")}, renewed {metrics.Count("renewed")}, "
            + $"rejected unknown_key {metrics.Count("rejected", "unknown_key")}, expired {metrics.Count("rejected", "expired")}, revoked {metrics.Count("rejected", "revoked")}, retired_key {metrics.Count("rejected", "retired_key")}, error {metrics.Count("rejected", "error")}; "
            + $"not issued no_key {metrics.Count("not_issued", "no_key")}, retired_key {metrics.Count("not_issued", "retired_key")}, error {metrics.Count("not_issued", "error")}");
        Assert.Empty(failures);
        Assert.Equal(0, provider.Violations);
        Assert.True(outcomes.GetValueOrDefault("handshake.resumed") > 0, "nothing resumed: the soak exercised nothing");
        Assert.True(outcomes.GetValueOrDefault("handshake.refused") > 0, "no ticket was ever refused: keys did not expire or get revoked in time");
        Assert.Equal(0, metrics.Count("not_issued", "error") + metrics.Count("rejected", "error"));
    }

    private static void RunClient(TlsVersion version, IPEndPoint server, AuditedTicketKeys provider,
        ConcurrentDictionary<string, long> outcomes, ConcurrentQueue<string> failures, CancellationToken stop)
    {
        using ClientContext client = ClientContext.Create(version);
        ClientSession? session = null;
        for (int iteration = 0; !stop.IsCancellationRequested; iteration++)
        {
            // Mostly resumptions, with a fresh full handshake now and then.
            ClientSession? offered = iteration % 8 == 0 ? null : session;
            string? offeredName = offered is { HasTicket: true } ? offered.TicketKeyNameHex : null;
            bool revokedBefore = offeredName is not null && provider.Revoked.Contains(offeredName);
            HandshakeResult result = SocketHandshake.Connect(server, client, offered);
            string outcome = !result.Completed ? "failed" : offeredName is null ? "full" : result.Resumed ? "resumed" : "refused";
            outcomes.AddOrUpdate($"handshake.{outcome}", 1, (_, count) => count + 1);
            if (!result.Completed)
            {
                failures.Enqueue($"{version}: {result.Error}");
            }
            else if (result.Resumed && revokedBefore)
            {
                failures.Enqueue($"{version}: a ticket under revoked key {offeredName} resumed");
            }

            if (result.Session is { HasTicket: true })
            {
                session?.Dispose();
                session = result.Session;
            }
            else
            {
                result.Session?.Dispose();
            }
        }

        session?.Dispose();
    }

    private static void Revoke(TicketKeyRing ring, AuditedTicketKeys provider, ConcurrentDictionary<string, long> outcomes, CancellationToken stop)
    {
        for (int round = 1; !stop.IsCancellationRequested; round++)
        {
            Thread.Sleep(7);
            if (round % 10 == 0)
            {
                string[] all = [.. ring.Keys.Select(key => key.NameHex)];
                provider.Revoke(all, ring.RotateAndRevokeAll);
                outcomes.AddOrUpdate("revocation.all", 1, (_, count) => count + 1);
            }
            else if (ring.GetEncryptionKey() is { } current)
            {
                byte[] name = current.Name.ToArray();
                provider.Revoke([current.NameHex], () => ring.Revoke(name));
                outcomes.AddOrUpdate("revocation.one", 1, (_, count) => count + 1);
            }
        }
    }

    // Pool threads start slowly on a 2-core machine: each client gets its own thread.
    private static Task OnOwnThread(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
