using System;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Samples.Tls;
using Xunit;
using Xunit.Abstractions;

namespace TicketKeys.Integration.Tests.Callback;

/// <summary>
/// The callback allocates nothing on the steady path: resumed handshakes through a generated provider allocate as
/// much managed memory as the same handshakes with OpenSSL's built-in ticket keys (the harness's own share).
/// </summary>
[Collection(CallbackTestCollection.Name)]
public sealed class SteadyStateAllocationTests(CertificateFixture fixture, ITestOutputHelper output) : IClassFixture<CertificateFixture>
{
    private const int Handshakes = 200;

    /// <summary>
    /// The harness's own allocations wobble by a few hundred bytes over a run (TLS 1.3 tickets vary in number); the
    /// smallest managed object is 24 bytes, so one allocation per callback shows up well above this.
    /// </summary>
    private const double NoiseBytesPerHandshake = 8;

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void Resumed_handshakes_allocate_nothing_in_the_callback(TlsVersion version, TicketCallbackApi api)
    {
        double builtIn = AllocatedPerResumption(version, attach: null);
        using var ring = new TicketKeyRing(TicketKeyRotationPolicy.Default, new FakeTimeProvider(DateTimeOffset.UtcNow));
        double withProvider = AllocatedPerResumption(version, context => ring.AttachTo(context, api));

        output.WriteLine($"{version} {api}: built-in keys {builtIn:0.0} B/handshake, provider {withProvider:0.0} B/handshake");
        Assert.True(
            withProvider - builtIn < NoiseBytesPerHandshake,
            $"the provider's callback allocated {withProvider - builtIn:0.0} bytes per handshake");
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void Per_host_keys_allocate_nothing_once_the_host_key_is_derived(TlsVersion version, TicketCallbackApi api)
    {
        double builtIn = AllocatedPerResumption(version, attach: null);
        using var ring = new TicketKeyRing(TicketKeyRotationPolicy.Default, new FakeTimeProvider(DateTimeOffset.UtcNow));
        using var perHost = new PerHostTicketKeys(ring);
        double withProvider = AllocatedPerResumption(version, context => perHost.AttachTo(context, api));

        output.WriteLine($"{version} {api}: built-in keys {builtIn:0.0} B/handshake, per-host provider {withProvider:0.0} B/handshake");
        Assert.True(
            withProvider - builtIn < NoiseBytesPerHandshake,
            $"the per-host provider's callback allocated {withProvider - builtIn:0.0} bytes per handshake");
    }

    private double AllocatedPerResumption(TlsVersion version, Func<nint, TicketKeyAttachment>? attach)
    {
        using ServerContext server = ServerContext.Create(fixture.Certificate, version);
        using TicketKeyAttachment? attachment = attach?.Invoke(server.Handle);
        using ClientContext client = ClientContext.Create(version);
        HandshakeResult full = MemoryHandshake.Connect(server, client);
        Assert.True(full.Completed, full.Error);

        // Warm up (JIT, first-use initialisation), then measure on this thread, where the memory-BIO handshake runs.
        ClientSession session = Resume(server, client, full.Session!, 20);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Resume(server, client, session, Handshakes);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Handshakes;
    }

    private static ClientSession Resume(ServerContext server, ClientContext client, ClientSession session, int count)
    {
        for (int i = 0; i < count; i++)
        {
            HandshakeResult resumed = MemoryHandshake.Connect(server, client, session);
            Assert.True(resumed.Resumed, resumed.Error);
            session = resumed.Session!;
        }

        return session;
    }
}
