using System;
using System.Linq;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Sample;

/// <summary>
/// The sample server as a process, resumed by the real <c>openssl s_client</c>. Its session cache is off and its only
/// ticket key comes from a key file, so a resumption proves the generated callback decrypted the ticket, and the
/// ticket's key name proves the callback encrypted it.
/// </summary>
public sealed class SampleServerResumptionTests
{
    private const int Reconnects = 5;

    public static TheoryData<string> CallbackApis => new() { "evp", "legacy" };

    [Theory]
    [MemberData(nameof(CallbackApis))]
    public void Tls12_reconnects_all_resume_with_the_key_file_ticket(string api)
    {
        using var folder = new TemporaryFolder();
        string keyName = folder.WriteKey("ticket.key");
        using TicketServerProcess server = TicketServerProcess.Start("--key-file", folder.PathOf("ticket.key"), "--callback-api", api);
        string session = folder.PathOf("tls12.pem");

        ProcessOutcome client = OpenSslClient.Connect(
            server.Address,
            output => OpenSslClient.CountLines(output, "Reused, TLSv1.2") == Reconnects && OpenSslClient.GreetingReceived(output),
            "-tls1_2",
            "-reconnect",
            "-sess_out",
            session);

        Assert.True(client.ExitCode == 0, client.ToString());
        Assert.True(OpenSslClient.CountLines(client.Output, "New, TLSv1.2") == 1, client.ToString());
        Assert.True(OpenSslClient.CountLines(client.Output, "Reused, TLSv1.2") == Reconnects, client.ToString());
        using ClientSession saved = ClientSession.ReadPem(session);
        Assert.Equal(keyName, saved.TicketKeyNameHex);
        Assert.Contains($"OpenSSL callback: {ApiName(api)}", server.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CallbackApis))]
    public void Tls13_saved_sessions_resume_again_and_again(string api)
    {
        using var folder = new TemporaryFolder();
        string keyName = folder.WriteKey("ticket.key");
        using TicketServerProcess server = TicketServerProcess.Start("--key-file", folder.PathOf("ticket.key"), "--callback-api", api);
        string previous = folder.PathOf("tls13-0.pem");

        ProcessOutcome full = OpenSslClient.Connect(server.Address, OpenSslClient.GreetingReceived, "-tls1_3", "-sess_out", previous);

        Assert.True(OpenSslClient.CountLines(full.Output, "New, TLSv1.3") == 1, full.ToString());
        AssertTicketUnder(keyName, previous);
        for (int round = 1; round <= 3; round++)
        {
            string next = folder.PathOf($"tls13-{round}.pem");
            ProcessOutcome resumed = OpenSslClient.Connect(server.Address, OpenSslClient.GreetingReceived, "-tls1_3", "-sess_in", previous, "-sess_out", next);

            Assert.True(OpenSslClient.CountLines(resumed.Output, "Reused, TLSv1.3") == 1, $"round {round}: {resumed}");
            Assert.Contains("TicketServer: TLSv1.3, resumed", resumed.Output, StringComparison.Ordinal);

            // TLS 1.3 resumptions are renewed: the next round presents the fresh ticket.
            AssertTicketUnder(keyName, next);
            previous = next;
        }

        Assert.Contains($"OpenSSL callback: {ApiName(api)}", server.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("haproxy")]
    [InlineData("apache")]
    [InlineData("openssl")]
    public void Key_files_in_other_servers_layouts_serve_with_key_format(string format)
    {
        using var folder = new TemporaryFolder();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        TicketCipher cipher = format == "apache" ? TicketCipher.Aes128Cbc : TicketCipher.Aes256Cbc;
        TicketKey[] keys = [.. Enumerable.Range(0, format == "haproxy" ? 3 : 1).Select(_ =>
            TicketKey.Generate(new TicketKeyWindow(now, now.AddDays(1), now.AddDays(2)), cipher, cipher == TicketCipher.Aes128Cbc ? 16 : 32))];
        TicketKeyFileFormat layout = format switch { "haproxy" => TicketKeyFileFormat.HAProxy, "apache" => TicketKeyFileFormat.Apache, _ => TicketKeyFileFormat.OpenSsl };
        TicketKeyFile.Write(folder.PathOf("keys"), layout, keys);
        // Keys go in in preference order, the encrypting key first (for HAProxy it becomes the second-to-last line).
        string encrypting = keys[0].NameHex;
        foreach (TicketKey key in keys)
        {
            key.Dispose();
        }

        using TicketServerProcess server = TicketServerProcess.Start("--key-file", folder.PathOf("keys"), "--key-format", format);
        string saved = folder.PathOf("session.pem");
        ProcessOutcome full = OpenSslClient.Connect(server.Address, OpenSslClient.GreetingReceived, "-tls1_2", "-sess_out", saved);
        ProcessOutcome resumed = OpenSslClient.Connect(server.Address, OpenSslClient.GreetingReceived, "-tls1_2", "-sess_in", saved);

        Assert.True(OpenSslClient.CountLines(full.Output, "New, TLSv1.2") == 1, full.ToString());
        Assert.True(OpenSslClient.CountLines(resumed.Output, "Reused, TLSv1.2") == 1, resumed.ToString());
        AssertTicketUnder(encrypting, saved);
    }

    private static void AssertTicketUnder(string keyName, string sessionFile)
    {
        using ClientSession session = ClientSession.ReadPem(sessionFile);
        Assert.Equal(keyName, session.TicketKeyNameHex);
    }

    private static string ApiName(string api) => api == "evp" ? nameof(TicketCallbackApi.Evp) : nameof(TicketCallbackApi.Legacy);
}
