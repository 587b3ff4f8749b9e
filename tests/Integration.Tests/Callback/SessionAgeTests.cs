using System;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Callback;

/// <summary>
/// The cap on session age across renewals (<see cref="TicketKeyProviderAttribute.MaxSessionAgeSeconds"/>): the full
/// handshake's instant travels inside every ticket and survives renewals.
/// </summary>
[Collection(CallbackTestCollection.Name)]
public sealed class SessionAgeTests(CertificateFixture fixture) : IClassFixture<CertificateFixture>, IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly TicketMetricsRecorder _metrics = new();

    public void Dispose() => _metrics.Dispose();

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void Renewals_within_the_cap_resume_and_past_it_the_session_gets_a_full_handshake(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(TicketKeyRotationPolicy.Default, _time);
        var provider = new HourCappedTicketKeys(ring);
        using TicketServerRig rig = TicketServerRig.Start(fixture.Certificate, version, context => provider.AttachTo(context, api, _time));

        HandshakeResult full = rig.Connect();
        _time.Advance(TimeSpan.FromMinutes(30));
        ring.Rotate();
        HandshakeResult renewed = rig.Connect(full.Session);
        _time.Advance(TimeSpan.FromMinutes(29));
        HandshakeResult withinCap = rig.Connect(renewed.Session);
        _time.Advance(TimeSpan.FromMinutes(2));
        HandshakeResult pastCap = rig.Connect(withinCap.Session);
        HandshakeResult fresh = rig.Connect(pastCap.Session);

        Assert.True(renewed.Resumed);
        Assert.NotEqual(full.Session!.TicketKeyNameHex, renewed.Session!.TicketKeyNameHex);
        Assert.True(withinCap.Resumed, "a renewed session within the cap did not resume");
        Assert.False(pastCap.Resumed, "a session older than the cap resumed after renewal");
        Assert.Equal(1, _metrics.Count("rejected", "session_too_old"));
        Assert.True(pastCap.Session!.HasTicket, "the full handshake past the cap issued no new ticket");
        Assert.True(fresh.Resumed, "the session made by the full handshake past the cap did not resume");
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void Without_a_cap_an_old_session_keeps_resuming(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(new TicketKeyRotationPolicy(TimeSpan.FromDays(7), TimeSpan.FromDays(7)), _time);
        var provider = new UncappedTicketKeys(ring);
        using TicketServerRig rig = TicketServerRig.Start(fixture.Certificate, version, context => provider.AttachTo(context, api, _time));

        HandshakeResult full = rig.Connect();
        _time.Advance(TimeSpan.FromDays(3));
        HandshakeResult resumed = rig.Connect(full.Session);

        Assert.True(resumed.Resumed);
        Assert.Equal(0, _metrics.Count("rejected"));
    }
}

/// <summary>Sessions live one hour across renewals.</summary>
[TicketKeyProvider(MaxSessionAgeSeconds = 3600)]
internal sealed partial class HourCappedTicketKeys(TicketKeyRing ring)
{
    [EncryptionKey]
    private TicketKey? Current() => ring.GetEncryptionKey();

    [DecryptionKey]
    private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => ring.Find(keyName);
}

/// <summary>No cap on session age.</summary>
[TicketKeyProvider(MaxSessionAgeSeconds = 0)]
internal sealed partial class UncappedTicketKeys(TicketKeyRing ring)
{
    [EncryptionKey]
    private TicketKey? Current() => ring.GetEncryptionKey();

    [DecryptionKey]
    private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => ring.Find(keyName);
}
