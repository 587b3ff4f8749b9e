using System;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Callback;

/// <summary>Real OpenSSL handshakes (client and server in-process) through generated provider callbacks.</summary>
[Collection(CallbackTestCollection.Name)]
public sealed class TicketCallbackTests : IClassFixture<CertificateFixture>, IDisposable
{
    private static readonly TicketKeyRotationPolicy HourlyRotation = new(TimeSpan.FromHours(1), TimeSpan.FromHours(3));

    private readonly ServerCertificate _certificate;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly TicketMetricsRecorder _metrics = new();

    public TicketCallbackTests(CertificateFixture fixture)
    {
        _certificate = fixture.Certificate;
    }

    public void Dispose() => _metrics.Dispose();

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void A_full_handshake_issues_a_ticket_and_the_next_connection_resumes(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(HourlyRotation, _time);
        using TicketServerRig rig = TicketServerRig.Start(_certificate, version, context => ring.AttachTo(context, api));

        HandshakeResult full = rig.Connect();
        HandshakeResult resumed = rig.Connect(full.Session);

        Assert.Equal(api, rig.Attachment.Api);
        Assert.False(full.Resumed);
        Assert.Equal(version, full.Version);
        Assert.Equal(ring.Keys[0].NameHex, full.Session!.TicketKeyNameHex);
        Assert.True(resumed.Resumed, "the second connection did not resume");
        Assert.True(_metrics.Count("issued") >= 1);
        Assert.Equal(1, _metrics.Count("resumed") + _metrics.Count("renewed"));
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void A_ticket_from_an_unknown_key_gets_a_full_handshake_and_a_fresh_ticket(TlsVersion version, TicketCallbackApi api)
    {
        using var issuingRing = new TicketKeyRing(HourlyRotation, _time);
        using var otherRing = new TicketKeyRing(HourlyRotation, _time);
        using TicketServerRig issuing = TicketServerRig.Start(_certificate, version, context => issuingRing.AttachTo(context, api));
        using TicketServerRig other = TicketServerRig.Start(_certificate, version, context => otherRing.AttachTo(context, api));

        HandshakeResult full = issuing.Connect();
        HandshakeResult elsewhere = other.Connect(full.Session);

        Assert.False(elsewhere.Resumed);
        Assert.Equal(otherRing.Keys[0].NameHex, elsewhere.Session!.TicketKeyNameHex);
        Assert.Equal(1, _metrics.Count("rejected", "unknown_key"));
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void A_ticket_under_an_expired_key_gets_a_full_handshake_and_a_fresh_ticket(TlsVersion version, TicketCallbackApi api)
    {
        DateTimeOffset start = _time.GetUtcNow();
        TicketKey shortLived = TicketKey.Generate(new TicketKeyWindow(start, start.AddHours(1), start.AddHours(2)));
        TicketKey longLived = TicketKey.Generate(new TicketKeyWindow(start, start.AddHours(10), start.AddHours(20)));
        using TicketKeyRing ring = TicketKeyRing.FromKeys([shortLived, longLived], _time);
        using TicketServerRig rig = TicketServerRig.Start(_certificate, version, context => ring.AttachTo(context, api));

        HandshakeResult full = rig.Connect();
        _time.Advance(TimeSpan.FromHours(3));
        HandshakeResult afterExpiry = rig.Connect(full.Session);

        Assert.Equal(shortLived.NameHex, full.Session!.TicketKeyNameHex);
        Assert.False(afterExpiry.Resumed);
        Assert.Equal(longLived.NameHex, afterExpiry.Session!.TicketKeyNameHex);
        Assert.Equal(1, _metrics.Count("rejected", "expired"));
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void After_rotation_a_ticket_under_the_old_key_resumes_and_is_renewed_under_the_new_key(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(HourlyRotation, _time);
        using TicketServerRig rig = TicketServerRig.Start(_certificate, version, context => ring.AttachTo(context, api));

        HandshakeResult full = rig.Connect();
        string oldKey = full.Session!.TicketKeyNameHex;
        _time.Advance(TimeSpan.FromMinutes(90));
        HandshakeResult resumed = rig.Connect(full.Session);

        Assert.True(resumed.Resumed, "a ticket under a still-valid old key did not resume");
        Assert.True(resumed.NewTicketReceived, "the resumed ticket was not renewed");
        Assert.NotEqual(oldKey, resumed.Session!.TicketKeyNameHex);
        Assert.Equal(ring.GetEncryptionKey()!.NameHex, resumed.Session.TicketKeyNameHex);
        Assert.Equal(1, _metrics.Count("renewed"));
        Assert.Equal(1, _metrics.Count("rotations"));
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void Resumption_under_the_current_key_renews_on_TLS_1_3_only(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(HourlyRotation, _time);
        using TicketServerRig rig = TicketServerRig.Start(_certificate, version, context => ring.AttachTo(context, api));

        HandshakeResult full = rig.Connect();
        HandshakeResult resumed = rig.Connect(full.Session);

        Assert.True(resumed.Resumed);
        Assert.Equal(version == TlsVersion.Tls13, resumed.NewTicketReceived);
        Assert.Equal(version == TlsVersion.Tls13 ? 1 : 0, _metrics.Count("renewed"));
        Assert.Equal(version == TlsVersion.Tls13 ? 0 : 1, _metrics.Count("resumed"));
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void A_provider_can_keep_TLS_1_3_tickets_instead_of_renewing_them(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(HourlyRotation, _time);
        var provider = new KeepingTicketKeys(ring);
        using TicketServerRig rig = TicketServerRig.Start(_certificate, version, context => provider.AttachTo(context, api));

        HandshakeResult full = rig.Connect();
        HandshakeResult resumed = rig.Connect(full.Session);

        Assert.True(resumed.Resumed);
        Assert.Equal(0, _metrics.Count("renewed"));
        Assert.Equal(1, _metrics.Count("resumed"));
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void An_exception_while_issuing_completes_the_handshake_without_a_ticket_and_is_counted(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(HourlyRotation, _time);
        var provider = new FaultyTicketKeys(ring) { ThrowOnEncrypt = true };
        using TicketServerRig rig = TicketServerRig.Start(_certificate, version, context => provider.AttachTo(context, api));
        Exception? reported = null;
        void Report(Exception exception) => reported = exception;
        TicketKeysDiagnostics.CallbackException += Report;
        try
        {
            HandshakeResult result = rig.Connect();

            Assert.False(result.NewTicketReceived && result.Session!.Ticket.Length > 0, "a ticket was issued although the provider threw");
            Assert.True(_metrics.Count("not_issued", "error") >= 1);
            Assert.Equal("key store offline", reported?.Message);
        }
        finally
        {
            TicketKeysDiagnostics.CallbackException -= Report;
        }
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void An_exception_while_looking_up_gives_a_full_handshake_and_is_counted(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(HourlyRotation, _time);
        var provider = new FaultyTicketKeys(ring);
        using TicketServerRig rig = TicketServerRig.Start(_certificate, version, context => provider.AttachTo(context, api));

        HandshakeResult full = rig.Connect();
        provider.ThrowOnDecrypt = true;
        HandshakeResult retried = rig.Connect(full.Session);

        Assert.False(retried.Resumed);
        Assert.Equal(1, _metrics.Count("rejected", "error"));
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void The_abort_policy_fails_the_connection_when_issuing_throws(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(HourlyRotation, _time);
        var provider = new StrictTicketKeys(ring);
        using TicketServerRig rig = TicketServerRig.Start(_certificate, version, context => provider.AttachTo(context, api));

        HandshakeResult result = MemoryHandshake.Connect(rig.Server, rig.Client);

        Assert.False(result.Completed && result.NewTicketReceived, "the connection got a ticket although issuing failed under the abort policy");
        Assert.False(result.Completed, "the abort policy (-1) did not fail the connection");
        Assert.Equal(1, _metrics.Count("not_issued", "error"));
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void A_key_retired_between_choice_and_use_issues_no_ticket_even_under_the_abort_policy(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(HourlyRotation, _time);
        TicketKey retired = TicketKey.Generate(new TicketKeyWindow(_time.GetUtcNow(), _time.GetUtcNow().AddHours(1), _time.GetUtcNow().AddHours(2)));
        retired.Dispose();
        var provider = new RetiringTicketKeys(ring, retired);
        using TicketServerRig rig = TicketServerRig.Start(_certificate, version, context => provider.AttachTo(context, api));

        HandshakeResult result = MemoryHandshake.Connect(rig.Server, rig.Client);

        Assert.True(result.Completed, $"a retired key aborted the handshake: {result.Error}");
        Assert.False(result.Session!.HasTicket, "a ticket was issued under a retired key");
        Assert.True(_metrics.Count("not_issued", "retired_key") >= 1);
        Assert.Equal(0, _metrics.Count("not_issued", "error"));
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void A_ticket_with_one_flipped_byte_gets_a_full_handshake(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(HourlyRotation, _time);
        using TicketServerRig rig = TicketServerRig.Start(_certificate, version, context => ring.AttachTo(context, api));

        foreach (int offset in new[] { 16, 31, 40, -1 })
        {
            HandshakeResult full = rig.Connect();
            ClientSession session = full.Session!;
            session.FlipTicketByte(offset < 0 ? session.Ticket.Length - 1 : offset);

            HandshakeResult tampered = rig.Connect(session);

            Assert.True(tampered.Completed, $"flipping ticket byte {offset} broke the handshake: {tampered.Error}");
            Assert.False(tampered.Resumed, $"a ticket with byte {offset} flipped resumed");
        }
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void Resumption_works_over_loopback_sockets(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(HourlyRotation, _time);
        using ServerContext context = ServerContext.Create(_certificate, version);
        using TicketKeyAttachment attachment = ring.AttachTo(context.Handle, api);
        using TlsServer server = TlsServer.Start(new IPEndPoint(IPAddress.Loopback, 0), context);
        using ClientContext client = ClientContext.Create(version);

        HandshakeResult full = SocketHandshake.Connect(server.LocalEndPoint, client);
        HandshakeResult resumed = SocketHandshake.Connect(server.LocalEndPoint, client, full.Session);

        Assert.True(full.Completed, full.Error);
        Assert.False(full.Resumed);
        Assert.True(resumed.Resumed, "no resumption over a loopback socket");
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void A_provider_declaring_256_bits_neither_issues_nor_resumes_tickets_under_a_128_bit_key(TlsVersion version, TicketCallbackApi api)
    {
        TicketKey weak = TicketKey.Generate(new TicketKeyWindow(_time.GetUtcNow(), _time.GetUtcNow().AddDays(1), _time.GetUtcNow().AddDays(1)), TicketCipher.Aes128Cbc, hmacKeyLength: 16);
        using TicketKeyRing ring = TicketKeyRing.FromKeys([weak], _time);
        using TicketServerRig lenient = TicketServerRig.Start(_certificate, version, context => ring.AttachTo(context, api));
        using TicketServerRig strict = TicketServerRig.Start(_certificate, version, context => new StrongOnlyTicketKeys(ring).AttachTo(context, api));

        HandshakeResult issuedByLenient = lenient.Connect();
        HandshakeResult presentedToStrict = strict.Connect(issuedByLenient.Session);

        Assert.Equal(128, weak.StrengthBits);
        Assert.Equal(weak.NameHex, issuedByLenient.Session!.TicketKeyNameHex);
        Assert.False(presentedToStrict.Resumed, "a ticket under a 128-bit key resumed on a 256-bit provider");
        Assert.False(presentedToStrict.Session!.HasTicket && presentedToStrict.Session.TicketKeyNameHex == weak.NameHex, "a 256-bit provider issued a ticket under a 128-bit key");
        Assert.Equal(1, _metrics.Count("rejected", "weak_key"));
        Assert.True(_metrics.Count("not_issued", "weak_key") >= 1);
    }

    [Fact]
    public void A_detached_provider_issues_no_more_tickets_and_the_context_accepts_a_new_one()
    {
        using var ring = new TicketKeyRing(HourlyRotation, _time);
        using ServerContext server = ServerContext.Create(_certificate, TlsVersion.Tls12);
        using ClientContext client = ClientContext.Create(TlsVersion.Tls12);
        TicketKeyAttachment attachment = ring.AttachTo(server.Handle);
        Assert.Throws<InvalidOperationException>(() => ring.AttachTo(server.Handle));

        HandshakeResult attached = Connect(server, client);
        attachment.Dispose();
        long issuedBefore = _metrics.Count("issued");
        HandshakeResult detached = Connect(server, client, attached.Session);
        using TicketKeyAttachment again = ring.AttachTo(server.Handle);
        HandshakeResult reattached = Connect(server, client, attached.Session);

        Assert.True(attachment.IsDetached);
        Assert.Equal(issuedBefore, _metrics.Count("issued"));
        Assert.False(detached.Resumed, "a detached provider's ticket resumed");
        Assert.True(reattached.Resumed);
    }

    [Theory]
    [MemberData(nameof(CallbackMatrix.All), MemberType = typeof(CallbackMatrix))]
    public void After_detaching_the_context_issues_no_tickets_rather_than_falling_back_to_OpenSSLs_own_key(TlsVersion version, TicketCallbackApi api)
    {
        using var ring = new TicketKeyRing(HourlyRotation, _time);
        using ServerContext server = ServerContext.Create(_certificate, version);
        using ClientContext client = ClientContext.Create(version);
        ring.AttachTo(server.Handle, api).Dispose();

        HandshakeResult detached = Connect(server, client);
        HandshakeResult again = Connect(server, client, detached.Session);

        Assert.False(detached.Session!.HasTicket, "a detached context issued a ticket (OpenSSL's built-in key)");
        Assert.False(again.Resumed);
        Assert.False(again.Session!.HasTicket);
    }

    [Fact]
    public void Attaching_to_a_null_context_names_the_problem()
    {
        using var ring = new TicketKeyRing(HourlyRotation, _time);

        ArgumentException error = Assert.Throws<ArgumentException>(() => ring.AttachTo(0));

        Assert.Contains("SSL_CTX", error.Message, StringComparison.Ordinal);
    }

    private static HandshakeResult Connect(ServerContext server, ClientContext client, ClientSession? resume = null)
    {
        HandshakeResult result = MemoryHandshake.Connect(server, client, resume);
        Assert.True(result.Completed, $"handshake failed: {result.Error}");
        return result;
    }
}
