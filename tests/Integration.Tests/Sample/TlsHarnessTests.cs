using System.Net;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Sample;

/// <summary>
/// The sample's TLS harness on its own, with OpenSSL's built-in ticket keys (no provider attached): what it reports
/// must match what happened, or every test built on it would be wrong.
/// </summary>
public sealed class TlsHarnessTests
{
    public static TheoryData<TlsVersion> Versions => new() { TlsVersion.Tls12, TlsVersion.Tls13 };

    [Theory]
    [MemberData(nameof(Versions))]
    public void Memory_handshakes_report_a_full_handshake_then_a_resumption(TlsVersion version)
    {
        using ServerCertificate certificate = ServerCertificate.CreateSelfSigned();
        using ServerContext server = ServerContext.Create(certificate, version);
        using ClientContext client = ClientContext.Create(version);

        HandshakeResult full = MemoryHandshake.Connect(server, client);
        using ClientSession first = full.Session!;
        HandshakeResult resumed = MemoryHandshake.Connect(server, client, first);
        using ClientSession second = resumed.Session!;

        Assert.True(full.Completed, full.Error);
        Assert.Equal(version, full.Version);
        Assert.False(full.Resumed);
        Assert.True(full.NewTicketReceived);
        Assert.Equal(ClientSession.KeyNameLength, first.TicketKeyName.Length);
        Assert.True(resumed.Completed, resumed.Error);
        Assert.True(resumed.Resumed);

        // OpenSSL's own keys renew nothing in TLS 1.2; TLS 1.3 sends fresh tickets after every handshake.
        Assert.Equal(version == TlsVersion.Tls13, resumed.NewTicketReceived);
        Assert.Equal(first.TicketKeyNameHex, second.TicketKeyNameHex);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_flipped_ticket_byte_is_refused_with_a_full_handshake(TlsVersion version)
    {
        using ServerCertificate certificate = ServerCertificate.CreateSelfSigned();
        using ServerContext server = ServerContext.Create(certificate, version);
        using ClientContext client = ClientContext.Create(version);
        HandshakeResult full = MemoryHandshake.Connect(server, client);
        using ClientSession session = full.Session!;
        byte[] original = session.Ticket;

        session.FlipTicketByte(original.Length - 1);
        HandshakeResult tampered = MemoryHandshake.Connect(server, client, session);
        using ClientSession? fresh = tampered.Session;

        Assert.Equal(original[^1] ^ 0xFF, session.Ticket[^1]);
        Assert.True(tampered.Completed, tampered.Error);
        Assert.False(tampered.Resumed);
        Assert.True(tampered.NewTicketReceived);
    }

    [Fact]
    public void A_failed_handshake_reports_the_OpenSSL_error()
    {
        using ServerCertificate certificate = ServerCertificate.CreateSelfSigned();
        using ServerContext server = ServerContext.Create(certificate, TlsVersion.Tls13);
        using ClientContext client = ClientContext.Create(TlsVersion.Tls12);

        HandshakeResult result = MemoryHandshake.Connect(server, client);

        Assert.False(result.Completed);
        Assert.Null(result.Session);
        Assert.Contains("error:", result.Error, System.StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Socket_handshakes_resume_on_the_loopback_server(TlsVersion version)
    {
        using ServerCertificate certificate = ServerCertificate.CreateSelfSigned();
        using ServerContext context = ServerContext.Create(certificate);
        using TlsServer server = TlsServer.Start(new IPEndPoint(IPAddress.Loopback, 0), context);
        using ClientContext client = ClientContext.Create(version);

        HandshakeResult full = SocketHandshake.Connect(server.LocalEndPoint, client);
        using ClientSession first = full.Session!;
        HandshakeResult resumed = SocketHandshake.Connect(server.LocalEndPoint, client, first);
        using ClientSession? second = resumed.Session;

        Assert.True(full.Completed, full.Error);
        Assert.False(full.Resumed);
        Assert.Equal(version, full.Version);
        Assert.True(resumed.Completed, resumed.Error);
        Assert.True(resumed.Resumed);
    }
}
