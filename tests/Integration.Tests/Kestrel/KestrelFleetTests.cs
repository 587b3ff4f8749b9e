using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TicketKeys.Integration.Tests.Cli;
using TicketKeys.Integration.Tests.Sample;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Kestrel;

/// <summary>
/// Real Kestrel processes (the KestrelFleet sample) sharing one key folder and one certificate act as one fleet for
/// <c>openssl s_client</c>: a session from one resumes on the other, from the very first connection.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KestrelFleetTests
{
    private static readonly TimeSpan RescanWait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("1.2")]
    [InlineData("1.3")]
    public void The_first_session_from_one_server_resumes_on_another_that_shares_the_key_folder(string tls)
    {
        using var keys = new TemporaryFolder();
        using var work = new TemporaryFolder();
        string keyName = keys.WriteKey(TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddMinutes(-1)));
        (string certificate, string privateKey) = CertificateFiles.Write(work.FullPath);
        using KestrelFleetProcess first = KestrelFleetProcess.Start("--key-dir", keys.FullPath, "--cert", certificate, "--key", privateKey);
        using KestrelFleetProcess second = KestrelFleetProcess.Start("--key-dir", keys.FullPath, "--cert", certificate, "--key", privateKey);
        string version = "-tls" + tls.Replace('.', '_');
        string session = work.PathOf("session.pem");

        // No warm-up connection from the test: the servers made their own at start.
        ProcessOutcome full = HttpsRequest.Get(first.Address, version, "-sess_out", session);
        ProcessOutcome resumed = HttpsRequest.Get(second.Address, version, "-sess_in", session);

        Assert.True(OpenSslClient.CountLines(full.Output, $"New, TLSv{tls}") == 1, full.ToString());
        Assert.Equal($"KestrelFleet: TLSv{tls}, full handshake, fleet keys on", HttpsRequest.Answer(full));
        using (ClientSession saved = ClientSession.ReadPem(session))
        {
            Assert.Equal(keyName, saved.TicketKeyNameHex);
        }

        Assert.True(OpenSslClient.CountLines(resumed.Output, $"Reused, TLSv{tls}") == 1, resumed.ToString());
        Assert.Equal($"KestrelFleet: TLSv{tls}, resumed (key {keyName}), fleet keys on", HttpsRequest.Answer(resumed));
    }

    [Fact]
    public void Without_the_start_up_handshake_the_first_ticket_is_sealed_with_the_process_own_key_and_resumes_nowhere()
    {
        using var keys = new TemporaryFolder();
        using var work = new TemporaryFolder();
        string keyName = keys.WriteKey(TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddMinutes(-1)));
        using KestrelFleetProcess server = KestrelFleetProcess.Start("--key-dir", keys.FullPath, "--no-warm-up");

        ProcessOutcome first = HttpsRequest.Get(server.Address, "-tls1_3", "-sess_out", work.PathOf("first.pem"));
        ProcessOutcome second = HttpsRequest.Get(server.Address, "-tls1_3", "-sess_out", work.PathOf("second.pem"));
        ProcessOutcome firstAgain = HttpsRequest.Get(server.Address, "-tls1_3", "-sess_in", work.PathOf("first.pem"));

        Assert.Equal("KestrelFleet: TLSv1.3, full handshake, fleet keys on", HttpsRequest.Answer(first));
        Assert.Equal("KestrelFleet: TLSv1.3, full handshake, fleet keys on", HttpsRequest.Answer(second));
        using ClientSession firstSession = ClientSession.ReadPem(work.PathOf("first.pem"));
        using ClientSession secondSession = ClientSession.ReadPem(work.PathOf("second.pem"));
        Assert.NotEqual(keyName, firstSession.TicketKeyNameHex);
        Assert.Equal(keyName, secondSession.TicketKeyNameHex);

        // Not even here: the bridge set the fleet's session id context right after that first handshake.
        Assert.True(OpenSslClient.CountLines(firstAgain.Output, "New, TLSv1.3") == 1, firstAgain.ToString());
    }

    [Fact]
    public void Rotating_the_folder_while_serving_switches_new_tickets_to_the_new_key_and_older_sessions_still_resume()
    {
        using var keys = new TemporaryFolder();
        using var work = new TemporaryFolder();
        var hourly = new TicketKeyRotationPolicy(TimeSpan.FromHours(1), TimeSpan.FromHours(3));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var thisHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        string oldKey = keys.WriteKey(TicketKeyDirectory.FileNameFor(thisHour.AddHours(-1)));
        using KestrelFleetProcess server = KestrelFleetProcess.Start("--key-dir", keys.FullPath);
        HttpsRequest.Get(server.Address, "-tls1_2", "-sess_out", work.PathOf("old.pem"));

        // What `ticketkeys rotate` (cron) does: this interval's key is written, the older one kept to decrypt.
        TicketKeyFolderRotation rotation = TicketKeyDirectory.Rotate(keys.FullPath, hourly);
        string newKey;
        using (TicketKey written = NginxTicketKeyFile.Read(Assert.Single(rotation.Written)))
        {
            newKey = written.NameHex;
        }

        string issuedUnder = WaitForTicketKey(server, work, newKey);
        ProcessOutcome resumed = HttpsRequest.Get(server.Address, "-tls1_2", "-sess_in", work.PathOf("old.pem"));

        Assert.Empty(rotation.Removed);
        Assert.Equal(newKey, issuedUnder);
        using (ClientSession old = ClientSession.ReadPem(work.PathOf("old.pem")))
        {
            Assert.Equal(oldKey, old.TicketKeyNameHex);
        }

        Assert.True(OpenSslClient.CountLines(resumed.Output, "Reused, TLSv1.2") == 1, resumed.ToString());
        Assert.Equal($"KestrelFleet: TLSv1.2, resumed (key {oldKey}), fleet keys on", HttpsRequest.Answer(resumed));
    }

    [Fact]
    public void A_key_file_broken_while_serving_keeps_its_last_good_key()
    {
        using var keys = new TemporaryFolder();
        using var work = new TemporaryFolder();
        string fileName = TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddMinutes(-1));
        string keyName = keys.WriteKey(fileName);
        byte[] keyFile = File.ReadAllBytes(keys.PathOf(fileName));
        using KestrelFleetProcess server = KestrelFleetProcess.Start("--key-dir", keys.FullPath);
        HttpsRequest.Get(server.Address, "-tls1_3", "-sess_out", work.PathOf("before.pem"));

        File.WriteAllBytes(keys.PathOf(fileName), new byte[20]);
        File.SetLastWriteTimeUtc(keys.PathOf(fileName), DateTime.UtcNow.AddMinutes(-1));
        server.WaitForOutput("Its last good key stays in force", RescanWait);
        ProcessOutcome resumed = HttpsRequest.Get(server.Address, "-tls1_3", "-sess_in", work.PathOf("before.pem"), "-sess_out", work.PathOf("after.pem"));

        Assert.Contains($"{keys.PathOf(fileName)}' is 20 bytes", server.Output, StringComparison.Ordinal);
        Assert.Equal($"KestrelFleet: TLSv1.3, resumed (key {keyName}), fleet keys on", HttpsRequest.Answer(resumed));
        using (ClientSession renewed = ClientSession.ReadPem(work.PathOf("after.pem")))
        {
            Assert.Equal(keyName, renewed.TicketKeyNameHex);
        }

        SecretScan.AssertAbsent(keyFile, server.Output, server.Errors);
    }

    [Fact]
    public void Where_the_bridge_cannot_work_one_warning_is_logged_and_connections_are_served_with_the_process_own_keys()
    {
        using var keys = new TemporaryFolder();
        using var libraries = new TemporaryFolder();
        keys.WriteKey(TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddMinutes(-1)));

        // A second OpenSSL copy (the same files under another path): the bridge must refuse it rather than write into
        // structures of the copy .NET loaded.
        string libssl = CopyLoadedLibrary("libssl.so.3", libraries);
        string libcrypto = CopyLoadedLibrary("libcrypto.so.3", libraries);
        using KestrelFleetProcess server = KestrelFleetProcess.Start(
            new Dictionary<string, string> { ["TICKETKEYS_LIBSSL"] = libssl, ["TICKETKEYS_LIBCRYPTO"] = libcrypto },
            "--key-dir", keys.FullPath);

        ProcessOutcome first = HttpsRequest.Get(server.Address, "-tls1_3");
        ProcessOutcome second = HttpsRequest.Get(server.Address, "-tls1_2");

        Assert.Equal("KestrelFleet: TLSv1.3, full handshake, fleet keys off", HttpsRequest.Answer(first));
        Assert.Equal("KestrelFleet: TLSv1.2, full handshake, fleet keys off", HttpsRequest.Answer(second));
        Assert.Equal(1, OccurrencesOf("fleet ticket keys are not available in this process", server.Output));
        Assert.Contains(libssl, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endpoint_without_tls_or_port_is_refused_with_the_usage()
    {
        ProcessOutcome outcome = KestrelFleetProcess.Run("--urls", "http://127.0.0.1", "--key-dir", Path.GetTempPath());

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("--urls 'http://127.0.0.1': expected https://IP:PORT", outcome.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_folder_stops_the_server_at_start_with_its_path()
    {
        string missing = Path.Combine(Path.GetTempPath(), "ticketkeys-missing-" + Guid.NewGuid().ToString("N"));

        ProcessOutcome outcome = KestrelFleetProcess.Run("--urls", "https://127.0.0.1:0", "--key-dir", missing);

        Assert.True(outcome.ExitCode == 3, outcome.ToString());
        Assert.Contains($"Ticket key folder '{missing}' does not exist.", outcome.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_folder_without_a_valid_key_stops_the_server_at_start_naming_the_file()
    {
        using var keys = new TemporaryFolder();
        string broken = keys.PathOf(TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddMinutes(-1)));
        File.WriteAllBytes(broken, new byte[33]);
        File.SetUnixFileMode(broken, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetLastWriteTimeUtc(broken, DateTime.UtcNow.AddMinutes(-1));

        ProcessOutcome outcome = KestrelFleetProcess.Run("--urls", "https://127.0.0.1:0", "--key-dir", keys.FullPath);

        Assert.True(outcome.ExitCode == 3, outcome.ToString());
        Assert.Contains("holds no valid key file", outcome.Errors, StringComparison.Ordinal);
        Assert.Contains($"'{broken}' is 33 bytes", outcome.Errors, StringComparison.Ordinal);
    }

    /// <summary>Connects until a new ticket comes under <paramref name="expected"/> (the folder is rescanned on change); returns the last key name seen.</summary>
    private static string WaitForTicketKey(KestrelFleetProcess server, TemporaryFolder work, string expected)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        string seen;
        do
        {
            HttpsRequest.Get(server.Address, "-tls1_2", "-sess_out", work.PathOf("probe.pem"));
            using ClientSession probe = ClientSession.ReadPem(work.PathOf("probe.pem"));
            seen = probe.TicketKeyNameHex;
        }
        while (seen != expected && stopwatch.Elapsed < RescanWait);
        return seen;
    }

    /// <summary>Copies the library the dynamic loader finds for <paramref name="soname"/> into <paramref name="folder"/>.</summary>
    private static string CopyLoadedLibrary(string soname, TemporaryFolder folder)
    {
        string source = new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu" }
            .Select(directory => Path.Combine(directory, soname))
            .First(File.Exists);
        string copy = folder.PathOf(soname);
        File.Copy(source, copy);
        return copy;
    }

    private static int OccurrencesOf(string text, string output) => output.Split(text).Length - 1;
}
