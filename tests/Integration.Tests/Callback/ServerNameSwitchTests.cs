using System;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Callback;

/// <summary>
/// An SNI callback that switches the connection to another <c>SSL_CTX</c>. OpenSSL decrypts a presented ticket before
/// the servername callback and encrypts the new one after it; both directions must still be served by one provider:
/// the one attached to the context the connection was created on.
/// </summary>
[Collection(CallbackTestCollection.Name)]
public sealed class ServerNameSwitchTests(CertificateFixture fixture) : IClassFixture<CertificateFixture>, IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly TicketMetricsRecorder _metrics = new();

    public void Dispose() => _metrics.Dispose();

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void With_different_rings_on_the_two_contexts_the_creation_context_serves_both_directions(TlsVersion version, TicketCallbackApi api)
    {
        using var frontRing = new TicketKeyRing(TicketKeyRotationPolicy.Default, _time);
        using var hostRing = new TicketKeyRing(TicketKeyRotationPolicy.Default, _time);
        using ServerContext virtualHost = ServerContext.Create(fixture.Certificate, version);
        using TicketServerRig front = TicketServerRig.Start(fixture.Certificate, version, context => frontRing.AttachTo(context, api));
        front.Server.RouteServerName(ClientContext.ServerName, virtualHost);
        using TicketKeyAttachment onVirtualHost = hostRing.AttachTo(virtualHost.Handle, api);

        HandshakeResult full = front.Connect();
        HandshakeResult resumed = front.Connect(full.Session);
        HandshakeResult again = front.Connect(resumed.Session);

        Assert.Equal(frontRing.Keys[0].NameHex, full.Session!.TicketKeyNameHex);
        Assert.True(resumed.Resumed, "a ticket issued on a switched connection did not resume on the next switched connection");
        Assert.True(again.Resumed, "the renewed or kept ticket did not resume");
        Assert.Equal(0, _metrics.Count("rejected"));
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void With_a_different_provider_type_on_the_switched_context_tickets_are_still_issued_and_resumed(TlsVersion version, TicketCallbackApi api)
    {
        using var frontRing = new TicketKeyRing(TicketKeyRotationPolicy.Default, _time);
        using var hostRing = new TicketKeyRing(TicketKeyRotationPolicy.Default, _time);
        using ServerContext virtualHost = ServerContext.Create(fixture.Certificate, version);
        using TicketServerRig front = TicketServerRig.Start(fixture.Certificate, version, context => frontRing.AttachTo(context, api));
        front.Server.RouteServerName(ClientContext.ServerName, virtualHost);
        using TicketKeyAttachment onVirtualHost = new KeepingTicketKeys(hostRing).AttachTo(virtualHost.Handle, api);

        HandshakeResult full = front.Connect();
        HandshakeResult resumed = front.Connect(full.Session);

        Assert.True(full.Session!.HasTicket, "no ticket was issued on a switched connection");
        Assert.Equal(frontRing.Keys[0].NameHex, full.Session.TicketKeyNameHex);
        Assert.True(resumed.Resumed);
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void With_the_provider_on_the_creation_context_only_a_switched_connection_resumes(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(TicketKeyRotationPolicy.Default, _time);
        using ServerContext virtualHost = ServerContext.Create(fixture.Certificate, version);
        using TicketServerRig front = TicketServerRig.Start(fixture.Certificate, version, context => ring.AttachTo(context, api));
        front.Server.RouteServerName(ClientContext.ServerName, virtualHost);

        HandshakeResult full = front.Connect();
        HandshakeResult resumed = front.Connect(full.Session);

        Assert.Equal(ring.Keys[0].NameHex, full.Session!.TicketKeyNameHex);
        Assert.True(resumed.Resumed);
    }
}
