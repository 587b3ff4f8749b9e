using System;
using System.IO;
using System.Security.Cryptography;
using TicketKeys.Integration.Tests.Sample;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Sessions;

/// <summary>
/// <see cref="SessionTicket.Open"/> and <see cref="TlsSessionSummary"/> on tickets that OpenSSL sealed through a
/// TicketKeys ring in an in-memory handshake: every status a server would reach, and the session read from PEM.
/// </summary>
public sealed class SessionTicketTests
{
    public static TheoryData<TlsVersion> Versions => new() { TlsVersion.Tls12, TlsVersion.Tls13 };

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_ticket_opens_under_its_key_and_shows_the_session_inside(TlsVersion version)
    {
        (byte[] ticket, TicketKey key, TicketKeyRing ring) = IssueTicket(version);
        using (ring)
        {
            DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-2);

            SessionTicketOpening opened = SessionTicket.Open(ticket, key);

            Assert.Equal(SessionTicketStatus.Opened, opened.Status);
            Assert.Equal((int)version, opened.Session!.ProtocolVersion);
            Assert.InRange(opened.Session.CreatedAt, before, DateTimeOffset.UtcNow);
            Assert.True(opened.Session.Timeout > TimeSpan.Zero);
            Assert.True(opened.Session.Ticket.IsEmpty);
        }
    }

    [Theory]
    [InlineData(TicketKey.NameLength + 3)]
    [InlineData(-5)]
    public void A_ticket_altered_anywhere_after_its_name_fails_the_HMAC(int offset)
    {
        (byte[] ticket, TicketKey key, TicketKeyRing ring) = IssueTicket(TlsVersion.Tls13);
        using (ring)
        {
            ticket[offset < 0 ? ticket.Length + offset : offset] ^= 0x01;

            Assert.Equal(SessionTicketStatus.HmacMismatch, SessionTicket.Open(ticket, key).Status);
        }
    }

    [Fact]
    public void A_short_ticket_or_one_under_another_name_does_not_open()
    {
        (byte[] ticket, TicketKey key, TicketKeyRing ring) = IssueTicket(TlsVersion.Tls12);
        using (ring)
        using (TicketKey other = TicketKey.Generate(key.Window))
        {
            Assert.Equal(SessionTicketStatus.TooShort, SessionTicket.Open(ticket.AsSpan(0, SessionTicket.MinimumLength - 1), key).Status);
            Assert.Equal(SessionTicketStatus.OtherKeyName, SessionTicket.Open(ticket, other).Status);
        }
    }

    [Fact]
    public void A_disposed_key_opens_nothing()
    {
        (byte[] ticket, TicketKey key, TicketKeyRing ring) = IssueTicket(TlsVersion.Tls12);
        ring.Dispose();

        Assert.Throws<ObjectDisposedException>(() => SessionTicket.Open(ticket, key));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_saved_session_reads_back_from_PEM_with_its_ticket(TlsVersion version)
    {
        using var folder = new TemporaryFolder();
        using ServerCertificate certificate = ServerCertificate.CreateSelfSigned();
        using ServerContext server = ServerContext.Create(certificate, version);
        using ClientContext client = ClientContext.Create(version);
        HandshakeResult full = MemoryHandshake.Connect(server, client);
        using ClientSession session = full.Session!;
        string path = folder.PathOf("session.pem");
        File.WriteAllText(path, PemEncoding.WriteString(TlsSessionSummary.PemLabel, session.ToDer()));

        TlsSessionSummary saved = TlsSessionSummary.ReadPem(path);

        Assert.Equal((int)version, saved.ProtocolVersion);
        Assert.Equal(version == TlsVersion.Tls13 ? "TLSv1.3" : "TLSv1.2", saved.ProtocolName);
        Assert.Equal(session.Ticket, saved.Ticket.ToArray());
        Assert.DoesNotContain(Convert.ToHexString(saved.Ticket.Span), saved.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A full in-memory handshake against a ring of one key: the client's ticket and the key that sealed it.</summary>
    private static (byte[] Ticket, TicketKey Key, TicketKeyRing Ring) IssueTicket(TlsVersion version)
    {
        var ring = TicketKeyRing.FromKeys([TicketKey.Generate(new TicketKeyWindow(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(1)))]);
        using ServerCertificate certificate = ServerCertificate.CreateSelfSigned();
        using ServerContext server = ServerContext.Create(certificate, version);
        using TicketKeyAttachment attachment = ring.AttachTo(server.Handle);
        using ClientContext client = ClientContext.Create(version);
        HandshakeResult full = MemoryHandshake.Connect(server, client);
        using ClientSession session = full.Session!;
        Assert.True(full.NewTicketReceived, full.Error);
        return (session.Ticket, ring.Keys[0], ring);
    }
}
