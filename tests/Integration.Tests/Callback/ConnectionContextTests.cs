using System;
using System.Collections.Generic;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Callback;

/// <summary>Key methods that take the connection's <see cref="TicketCallbackContext"/> see its SNI name and version.</summary>
[Collection(CallbackTestCollection.Name)]
public sealed class ConnectionContextTests(CertificateFixture fixture) : IClassFixture<CertificateFixture>
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void Both_directions_see_the_server_name_the_client_sent_and_the_protocol_version(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(TicketKeyRotationPolicy.Default, _time);
        var provider = new ContextRecordingTicketKeys(ring);
        using TicketServerRig rig = TicketServerRig.Start(fixture.Certificate, version, context => provider.AttachTo(context, api));

        HandshakeResult full = rig.Connect(serverName: "Shop.Example.TEST");
        HandshakeResult resumed = rig.Connect(full.Session, serverName: "Shop.Example.TEST");

        Assert.True(resumed.Resumed);
        int expectedVersion = version == TlsVersion.Tls13 ? 0x0304 : 0x0303;
        Assert.Contains(("encrypt", "Shop.Example.TEST", expectedVersion), provider.Seen);
        Assert.Contains(("decrypt", "Shop.Example.TEST", expectedVersion), provider.Seen);
        Assert.All(provider.Seen, seen => Assert.Equal("Shop.Example.TEST", seen.ServerName));
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void Without_SNI_the_server_name_is_empty(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(TicketKeyRotationPolicy.Default, _time);
        var provider = new ContextRecordingTicketKeys(ring);
        using TicketServerRig rig = TicketServerRig.Start(fixture.Certificate, version, context => provider.AttachTo(context, api));

        HandshakeResult full = rig.Connect(serverName: string.Empty);
        HandshakeResult resumed = rig.Connect(full.Session, serverName: string.Empty);

        Assert.True(resumed.Resumed);
        Assert.Contains(provider.Seen, seen => seen.Direction == "decrypt");
        Assert.All(provider.Seen, seen => Assert.Null(seen.ServerName));
    }
}

/// <summary>Records what each key method saw of its connection.</summary>
[TicketKeyProvider]
internal sealed partial class ContextRecordingTicketKeys(TicketKeyRing ring)
{
    public List<(string Direction, string? ServerName, int Version)> Seen { get; } = [];

    [EncryptionKey]
    private TicketKey? Current(in TicketCallbackContext context)
    {
        Assert.NotEqual(0, context.Ssl);
        Assert.Equal(context.ServerName ?? string.Empty, System.Text.Encoding.UTF8.GetString(context.ServerNameUtf8));
        Seen.Add(("encrypt", context.ServerName, context.ProtocolVersion));
        return ring.GetEncryptionKey();
    }

    [DecryptionKey]
    private TicketKeyLookup Find(ReadOnlySpan<byte> keyName, in TicketCallbackContext context)
    {
        Seen.Add(("decrypt", context.ServerName, context.ProtocolVersion));
        return ring.Find(keyName);
    }
}
