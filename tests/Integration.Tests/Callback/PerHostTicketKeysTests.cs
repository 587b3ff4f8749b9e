using System;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Callback;

/// <summary>
/// <see cref="PerHostTicketKeys"/>: one ring, a key per SNI host derived from it; a ticket issued for one host never
/// resumes on another (nginx CVE-2014-3616).
/// </summary>
[Collection(CallbackTestCollection.Name)]
public sealed class PerHostTicketKeysTests(CertificateFixture fixture) : IClassFixture<CertificateFixture>, IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly TicketMetricsRecorder _metrics = new();

    public void Dispose() => _metrics.Dispose();

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void A_ticket_resumes_on_its_own_host_and_is_refused_on_another(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(TicketKeyRotationPolicy.Default, _time);
        using var perHost = new PerHostTicketKeys(ring);
        using TicketServerRig rig = TicketServerRig.Start(fixture.Certificate, version, context => perHost.AttachTo(context, api));

        HandshakeResult onA = rig.Connect(serverName: "a.test");
        HandshakeResult resumedOnA = rig.Connect(onA.Session, serverName: "a.test");
        HandshakeResult onB = rig.Connect(onA.Session, serverName: "b.test");

        Assert.True(resumedOnA.Resumed, "a ticket did not resume on the host it was issued for");
        Assert.False(onB.Resumed, "a ticket issued for a.test resumed on b.test");
        Assert.Equal(1, _metrics.Count("rejected", "unknown_key"));
        Assert.NotEqual(ring.Keys[0].NameHex, onA.Session!.TicketKeyNameHex);
        Assert.NotEqual(onA.Session.TicketKeyNameHex, onB.Session!.TicketKeyNameHex);
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void Spellings_of_one_host_share_its_key(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(TicketKeyRotationPolicy.Default, _time);
        using var perHost = new PerHostTicketKeys(ring);
        using TicketServerRig rig = TicketServerRig.Start(fixture.Certificate, version, context => perHost.AttachTo(context, api));

        HandshakeResult full = rig.Connect(serverName: "shop.example.test");
        HandshakeResult resumed = rig.Connect(full.Session, serverName: "SHOP.Example.test.");

        Assert.True(resumed.Resumed);
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void A_ticket_from_a_connection_without_SNI_is_refused_on_a_named_host(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(TicketKeyRotationPolicy.Default, _time);
        using var perHost = new PerHostTicketKeys(ring);
        using TicketServerRig rig = TicketServerRig.Start(fixture.Certificate, version, context => perHost.AttachTo(context, api));

        HandshakeResult anonymous = rig.Connect(serverName: string.Empty);
        HandshakeResult resumedAnonymous = rig.Connect(anonymous.Session, serverName: string.Empty);
        HandshakeResult named = rig.Connect(anonymous.Session, serverName: "a.test");

        Assert.True(resumedAnonymous.Resumed);
        Assert.False(named.Resumed);
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void After_rotation_an_old_host_ticket_is_renewed_under_the_new_key_for_the_same_host(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(TicketKeyRotationPolicy.Default, _time);
        using var perHost = new PerHostTicketKeys(ring);
        using TicketServerRig rig = TicketServerRig.Start(fixture.Certificate, version, context => perHost.AttachTo(context, api));

        HandshakeResult full = rig.Connect(serverName: "a.test");
        ring.Rotate();
        HandshakeResult renewed = rig.Connect(full.Session, serverName: "a.test");
        HandshakeResult again = rig.Connect(renewed.Session, serverName: "a.test");

        Assert.True(renewed.Resumed);
        Assert.NotEqual(full.Session!.TicketKeyNameHex, renewed.Session!.TicketKeyNameHex);
        Assert.True(again.Resumed);
        Assert.True(_metrics.Count("renewed") >= 1);
    }
}
