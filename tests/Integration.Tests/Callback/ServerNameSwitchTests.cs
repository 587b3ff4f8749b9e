using System;
using Microsoft.Extensions.Time.Testing;
using TicketServer.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Callback;

/// <summary>
/// An SNI callback that switches the connection to another <c>SSL_CTX</c>: OpenSSL calls the first context's ticket
/// callback but reports the second context, so the provider must be attached to both.
/// </summary>
[Collection(CallbackTestCollection.Name)]
public sealed class ServerNameSwitchTests(CertificateFixture fixture) : IClassFixture<CertificateFixture>
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void With_the_provider_on_every_reachable_context_a_switched_connection_resumes(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(TicketKeyRotationPolicy.Default, _time);
        using ServerContext virtualHost = ServerContext.Create(fixture.Certificate, version);
        using TicketServerRig front = TicketServerRig.Start(fixture.Certificate, version, context => ring.AttachTo(context, api));
        front.Server.RouteServerName(ClientContext.ServerName, virtualHost);
        using TicketKeyAttachment onVirtualHost = ring.AttachTo(virtualHost.Handle, api);

        HandshakeResult full = front.Connect();
        HandshakeResult resumed = front.Connect(full.Session);

        Assert.Equal(ring.Keys[0].NameHex, full.Session!.TicketKeyNameHex);
        Assert.True(resumed.Resumed, "a connection switched by SNI did not resume");
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void With_the_provider_on_the_first_context_only_a_switched_connection_completes_without_a_ticket(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(TicketKeyRotationPolicy.Default, _time);
        using ServerContext virtualHost = ServerContext.Create(fixture.Certificate, version);
        using TicketServerRig front = TicketServerRig.Start(fixture.Certificate, version, context => ring.AttachTo(context, api));
        front.Server.RouteServerName(ClientContext.ServerName, virtualHost);

        HandshakeResult full = front.Connect();

        Assert.False(full.Session!.HasTicket && full.Session.TicketKeyNameHex == ring.Keys[0].NameHex, "a ticket was issued with no provider on the reported context");
    }
}
