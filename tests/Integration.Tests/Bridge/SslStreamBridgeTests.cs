using System;
using System.IO;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using TicketKeys.Integration.Tests.Callback;
using TicketKeys.Integration.Tests.Sample;
using TicketKeys.Net;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Bridge;

/// <summary>
/// A real <see cref="SslStream"/> server (TcpListener, self-signed certificate) with the bridge, and the real
/// <c>openssl s_client</c> saving and offering sessions. Each test has its own certificate, so its own <c>SSL_CTX</c>.
/// </summary>
public sealed class SslStreamBridgeTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly X509Certificate2 _certificate = SslStreamServer.CreateCertificate();

    [Theory]
    [InlineData("-tls1_2")]
    [InlineData("-tls1_3")]
    public void After_the_first_connection_attaches_sessions_resume_through_the_ring(string version)
    {
        using var metrics = new TicketMetricsRecorder();
        using TicketKeyRing ring = new TicketKeyRing();
        string keyName = ring.Keys[0].NameHex;
        using var bridge = new SslStreamTicketKeys(ring);
        using var server = new SslStreamServer(_certificate, bridge);
        string session = _folder.PathOf("session.pem");

        SslStreamConnection warmUp = SslStreamClient.Connect(server.Address, version);
        SslStreamConnection saving = SslStreamClient.Connect(server.Address, version, sessionOut: session);
        SslStreamConnection resuming = SslStreamClient.Connect(server.Address, version, sessionIn: session);

        AssertGreeting(warmUp, "attach=Attached full handshake");
        AssertGreeting(saving, "attach=AlreadyAttached full handshake");
        Assert.True(resuming.ClientReused, resuming.Transcript);
        AssertGreeting(resuming, $"attach=AlreadyAttached resumed under key {keyName}");
        Assert.True(metrics.Count("issued") >= 1, "the ring sealed the ticket of the connection after the attach");
        Assert.True(metrics.Count("resumed") + metrics.Count("renewed") >= 1, "the ring accepted the offered ticket");
        Assert.Equal(1, bridge.AttachedContextCount);
    }

    [Theory]
    [InlineData("-tls1_2")]
    [InlineData("-tls1_3")]
    public void The_ticket_of_the_connection_that_attaches_does_not_resume(string version)
    {
        using TicketKeyRing ring = new TicketKeyRing();
        using var bridge = new SslStreamTicketKeys(ring);
        using var server = new SslStreamServer(_certificate, bridge);
        string session = _folder.PathOf("first.pem");

        SslStreamConnection first = SslStreamClient.Connect(server.Address, version, sessionOut: session);
        SslStreamConnection offering = SslStreamClient.Connect(server.Address, version, sessionIn: session);

        AssertGreeting(first, "attach=Attached full handshake");
        Assert.True(File.Exists(session), first.Transcript);
        Assert.False(offering.ClientReused, offering.Transcript);
        AssertGreeting(offering, "attach=AlreadyAttached full handshake");
    }

    [Theory]
    [InlineData("-tls1_2")]
    [InlineData("-tls1_3")]
    public async Task Attached_ahead_even_the_first_clients_session_resumes_through_the_ring(string version)
    {
        using var ring = new TicketKeyRing();
        string keyName = ring.Keys[0].NameHex;
        using var bridge = new SslStreamTicketKeys(ring);
        using var server = new SslStreamServer(_certificate, bridge);
        string session = _folder.PathOf("first.pem");

        SslStreamTicketKeyStatus ahead = await bridge.AttachAheadAsync(server.Options);
        SslStreamConnection first = SslStreamClient.Connect(server.Address, version, sessionOut: session);
        SslStreamConnection resuming = SslStreamClient.Connect(server.Address, version, sessionIn: session);

        Assert.Equal(SslStreamTicketKeyStatus.Attached, ahead);
        AssertGreeting(first, "attach=AlreadyAttached full handshake");
        Assert.True(resuming.ClientReused, resuming.Transcript);
        AssertGreeting(resuming, $"attach=AlreadyAttached resumed under key {keyName}");
    }

    [Fact]
    public void An_unknown_SslStream_shape_is_reported_once_and_TLS_runs_as_without_TicketKeys()
    {
        using var metrics = new TicketMetricsRecorder();
        var internals = new SslStreamInternals(typeof(object));
        string? warning = null;
        void Warn(string reason) => warning = reason;
        int attaches = 0;
        TicketKeysDiagnostics.SslStreamBridgeUnsupported += Warn;
        try
        {
            using var bridge = new SslStreamTicketKeys(
                context =>
                {
                    attaches++;
                    throw new InvalidOperationException("an unsupported bridge must never attach");
                },
                new SslStreamTicketKeysOptions(),
                new SslStreamSupport(internals));
            using var server = new SslStreamServer(_certificate, bridge);
            string session = _folder.PathOf("session.pem");

            SslStreamConnection saving = SslStreamClient.Connect(server.Address, "-tls1_3", sessionOut: session);
            SslStreamConnection resuming = SslStreamClient.Connect(server.Address, "-tls1_3", sessionIn: session);

            Assert.Contains(SslStreamInternals.SecurityContextField, internals.Problem, StringComparison.Ordinal);
            AssertGreeting(saving, "attach=Unsupported full handshake");

            // .NET's own per-process ticket key still resumes on this process, as without TicketKeys.
            Assert.True(resuming.ClientReused, resuming.Transcript);
            AssertGreeting(resuming, "attach=Unsupported resumed");
            Assert.Equal(0, attaches);
            Assert.Contains(SslStreamInternals.SecurityContextField, warning, StringComparison.Ordinal);
            Assert.Equal(1, metrics.Count("ticketkeys.sslstream.unsupported"));
        }
        finally
        {
            TicketKeysDiagnostics.SslStreamBridgeUnsupported -= Warn;
        }
    }

    [Fact]
    public void A_dotnet_client_resumes_through_the_ring_and_attaching_again_allocates_nothing()
    {
        using var ring = new TicketKeyRing();
        string keyName = ring.Keys[0].NameHex;
        using var bridge = new SslStreamTicketKeys(ring);
        using var loopback = new SslStreamLoopback(_certificate, "localhost", SslProtocols.Tls13);

        // The first ticket is .NET's own (sealed before the attach); the second connection gets the ring's.
        SslStreamTicketKeyStatus first = AttachAndClose(bridge, loopback);
        SslStreamTicketKeyStatus second = AttachAndClose(bridge, loopback);
        (SslStream server, SslStream client) = loopback.Connect();
        using (server)
        using (client)
        {
            _ = bridge.Attach(server);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                _ = bridge.Attach(server);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            SslStreamResumption resumption = SslStreamTicketKeys.GetResumption(server);

            Assert.Equal(SslStreamTicketKeyStatus.Attached, first);
            Assert.Equal(SslStreamTicketKeyStatus.AlreadyAttached, second);
            Assert.Equal(SslStreamTicketKeyStatus.AlreadyAttached, bridge.Attach(server));
            Assert.Equal(0, allocated);
            Assert.True(resumption.IsKnown);
            Assert.True(resumption.IsResumed, resumption.ToString());
            Assert.Equal(keyName, resumption.KeyNameHex);
            Assert.Equal(1, bridge.AttachedContextCount);
        }
    }

    [Fact]
    public void A_stream_that_is_not_authenticated_is_neither_attached_nor_known()
    {
        using TicketKeyRing ring = new TicketKeyRing();
        using var bridge = new SslStreamTicketKeys(ring);
        using var stream = new SslStream(new MemoryStream());

        Assert.Equal(SslStreamTicketKeyStatus.NotAuthenticatedServer, bridge.Attach(stream));
        Assert.False(SslStreamTicketKeys.GetResumption(stream).IsKnown);
        Assert.Equal(0, bridge.AttachedContextCount);
    }

    [Fact]
    public void After_dispose_attach_reports_disposed()
    {
        using TicketKeyRing ring = new TicketKeyRing();
        var bridge = new SslStreamTicketKeys(ring);
        using (var server = new SslStreamServer(_certificate, bridge))
        {
            AssertGreeting(SslStreamClient.Connect(server.Address, "-tls1_3"), "attach=Attached full handshake");
            bridge.Dispose();
            AssertGreeting(SslStreamClient.Connect(server.Address, "-tls1_3"), "attach=Disposed full handshake");
        }

        Assert.Equal(0, bridge.AttachedContextCount);
    }

    private static SslStreamTicketKeyStatus AttachAndClose(SslStreamTicketKeys bridge, SslStreamLoopback loopback)
    {
        (SslStream server, SslStream client) = loopback.Connect();
        using (server)
        using (client)
        {
            return bridge.Attach(server);
        }
    }

    private static void AssertGreeting(SslStreamConnection connection, string expectedEnd) =>
        Assert.True(connection.Greeting.EndsWith(expectedEnd, StringComparison.Ordinal), $"expected a greeting ending '{expectedEnd}':\n{connection.Transcript}");

    public void Dispose()
    {
        _certificate.Dispose();
        _folder.Dispose();
    }
}
