using Xunit;

namespace TicketKeys.Integration.Tests.Sample;

/// <summary>
/// <c>TicketServer --server-name</c>: one SSL_CTX per host, switched by SNI, per-host ticket keys from one key file.
/// The real <c>openssl s_client</c> resumes on the host its session came from and gets a full handshake on another.
/// </summary>
public sealed class VirtualHostResumptionTests
{
    public static TheoryData<string, string> Versions => new()
    {
        { "-tls1_2", "TLSv1.2" },
        { "-tls1_3", "TLSv1.3" },
    };

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_session_resumes_on_its_own_host_and_gets_a_full_handshake_on_another(string versionOption, string versionName)
    {
        using var folder = new TemporaryFolder();
        string keyName = folder.WriteKey("ticket.key");
        using TicketServerProcess server = TicketServerProcess.Start(
            "--key-file", folder.PathOf("ticket.key"), "--server-name", "a.test", "--server-name", "b.test");
        string saved = folder.PathOf("a.pem");

        ProcessOutcome full = OpenSslClient.Connect(server.Address, OpenSslClient.GreetingReceived, versionOption, "-servername", "a.test", "-sess_out", saved);
        ProcessOutcome sameHost = OpenSslClient.Connect(server.Address, OpenSslClient.GreetingReceived, versionOption, "-servername", "a.test", "-sess_in", saved);
        ProcessOutcome otherHost = OpenSslClient.Connect(server.Address, OpenSslClient.GreetingReceived, versionOption, "-servername", "b.test", "-sess_in", saved);

        Assert.True(OpenSslClient.CountLines(full.Output, $"New, {versionName}") == 1, full.ToString());
        Assert.True(OpenSslClient.CountLines(sameHost.Output, $"Reused, {versionName}") == 1, sameHost.ToString());
        Assert.True(OpenSslClient.CountLines(otherHost.Output, $"New, {versionName}") == 1, otherHost.ToString());
        using TicketKeys.Samples.Tls.ClientSession session = TicketKeys.Samples.Tls.ClientSession.ReadPem(saved);
        Assert.NotEqual(keyName, session.TicketKeyNameHex);
        Assert.Contains("virtual hosts: a.test, b.test", server.Output, System.StringComparison.Ordinal);
    }
}
