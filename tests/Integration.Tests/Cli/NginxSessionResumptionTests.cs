using System;
using System.Net;
using System.Runtime.InteropServices;
using TicketKeys.Integration.Tests.Sample;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Cli;

/// <summary>
/// Does a session from nginx resume on a TicketKeys server that reads the same key file? The keys open nginx's tickets
/// (<see cref="NginxTicketTests"/>), but OpenSSL resumes a session only on a server with the same session id context
/// (<c>ssl/ssl_sess.c</c>, <c>ssl_get_prev_session</c>: a mismatch is "treated like a cache miss"), and nginx sets one
/// (a SHA-1 digest over its certificates, <c>src/event/ngx_event_openssl.c</c>, <c>ngx_ssl_session_id_context</c>)
/// while the sample server sets none.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(NginxSessionsCollection.Name)]
public sealed partial class NginxSessionResumptionTests(NginxSessions sessions)
{
    public static TheoryData<string> Versions() => [.. NginxSessions.Versions];

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_session_from_nginx_gets_a_full_handshake_on_the_sample_server_with_the_same_key_file(string version)
    {
        using TicketServerProcess server = TicketServerProcess.Start("--key-file", sessions.KeyFile("nginx80"), "--key-format", "nginx80");

        ProcessOutcome outcome = OpenSslClient.Connect(server.Address, OpenSslClient.GreetingReceived,
            TicketServerSessions.VersionOption(version), "-sess_in", sessions.Session("nginx80", version));

        Assert.True(OpenSslClient.CountLines(outcome.Output, $"New, TLSv{version}") == 1, outcome.ToString());
        Assert.Contains($"TicketServer: TLSv{version}, full handshake", outcome.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void It_resumes_on_a_server_with_the_same_keys_exactly_when_the_server_takes_nginx_session_id_context(string version)
    {
        TlsVersion tls = version == "1.3" ? TlsVersion.Tls13 : TlsVersion.Tls12;
        using TicketKeyRing ring = TicketKeyRing.FromKeys(TicketKeyFile.Read(sessions.KeyFile("nginx80"), TicketKeyFileFormat.Nginx80));
        byte[] nginxContext = SessionIdContextOf(sessions.Session("nginx80", version), ring.Keys[0]);
        using ServerCertificate certificate = ServerCertificate.CreateSelfSigned();
        using ServerContext plain = ServerContext.Create(certificate, tls);
        using ServerContext likeNginx = ServerContext.Create(certificate, tls);
        SetSessionIdContext(likeNginx.Handle, nginxContext);
        using TicketKeyAttachment plainKeys = ring.AttachTo(plain.Handle);
        using TicketKeyAttachment nginxKeys = ring.AttachTo(likeNginx.Handle);
        using TlsServer plainServer = TlsServer.Start(new IPEndPoint(IPAddress.Loopback, 0), plain);
        using TlsServer nginxLikeServer = TlsServer.Start(new IPEndPoint(IPAddress.Loopback, 0), likeNginx);
        using ClientContext client = ClientContext.Create(tls);

        HandshakeResult withoutContext;
        HandshakeResult withContext;
        using (ClientSession saved = ClientSession.ReadPem(sessions.Session("nginx80", version)))
        {
            withoutContext = SocketHandshake.Connect(plainServer.LocalEndPoint, client, saved);
            withContext = SocketHandshake.Connect(nginxLikeServer.LocalEndPoint, client, saved);
        }

        using ClientSession? first = withoutContext.Session;
        using ClientSession? second = withContext.Session;
        Assert.Equal(20, nginxContext.Length);
        Assert.True(withoutContext.Completed, withoutContext.Error);
        Assert.False(withoutContext.Resumed);
        Assert.True(withContext.Completed, withContext.Error);
        Assert.True(withContext.Resumed);
    }

    /// <summary>The session id context sealed in the ticket, as <c>inspect-ticket</c> shows it.</summary>
    private static byte[] SessionIdContextOf(string sessionPem, TicketKey key)
    {
        SessionTicketOpening opened = SessionTicket.Open(TlsSessionSummary.ReadPem(sessionPem).Ticket.Span, key);
        Assert.Equal(SessionTicketStatus.Opened, opened.Status);
        return opened.Session!.IdContext.ToArray();
    }

    private static unsafe void SetSessionIdContext(nint context, byte[] idContext)
    {
        fixed (byte* bytes = idContext)
        {
            Assert.Equal(1, SSL_CTX_set_session_id_context(context, bytes, (uint)idContext.Length));
        }
    }

    [LibraryImport("libssl.so.3")]
    private static unsafe partial int SSL_CTX_set_session_id_context(nint context, byte* idContext, uint length);
}
