using System;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Sample;

/// <summary>Two sample servers reading one key folder act as one fleet: a session from one resumes on the other.</summary>
public sealed class SharedKeyDirectoryTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "evp", "1.2" },
        { "evp", "1.3" },
        { "legacy", "1.2" },
        { "legacy", "1.3" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_session_from_one_server_resumes_on_another_that_shares_the_key_folder(string api, string tls)
    {
        using var shared = new TemporaryFolder();
        using var unrelated = new TemporaryFolder();
        string keyName = shared.WriteKey(TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddMinutes(-1)));
        unrelated.WriteKey(TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddMinutes(-1)));
        using TicketServerProcess first = TicketServerProcess.Start("--key-dir", shared.FullPath, "--callback-api", api);
        using TicketServerProcess second = TicketServerProcess.Start("--key-dir", shared.FullPath, "--callback-api", api);
        using TicketServerProcess outsider = TicketServerProcess.Start("--key-dir", unrelated.FullPath, "--callback-api", api);
        string version = "-tls" + tls.Replace('.', '_');
        string session = shared.PathOf("session.pem");

        ProcessOutcome full = OpenSslClient.Connect(first.Address, OpenSslClient.GreetingReceived, version, "-sess_out", session);
        ProcessOutcome elsewhere = OpenSslClient.Connect(second.Address, OpenSslClient.GreetingReceived, version, "-sess_in", session);
        ProcessOutcome outside = OpenSslClient.Connect(outsider.Address, OpenSslClient.GreetingReceived, version, "-sess_in", session);

        Assert.True(OpenSslClient.CountLines(full.Output, $"New, TLSv{tls}") == 1, full.ToString());
        using (ClientSession saved = ClientSession.ReadPem(session))
        {
            Assert.Equal(keyName, saved.TicketKeyNameHex);
        }

        Assert.True(OpenSslClient.CountLines(elsewhere.Output, $"Reused, TLSv{tls}") == 1, elsewhere.ToString());
        Assert.Contains($"TicketServer: TLSv{tls}, resumed", elsewhere.Output, StringComparison.Ordinal);

        // Control: without the shared key the same ticket gets a full handshake.
        Assert.True(OpenSslClient.CountLines(outside.Output, $"New, TLSv{tls}") == 1, outside.ToString());
    }
}
