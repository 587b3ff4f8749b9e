using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using TicketKeys.Integration.Tests.Proofs;
using TicketKeys.Integration.Tests.Sample;
using TicketKeys.Integration.Tests.Support;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Cli;

/// <summary>
/// <c>ticketkeys inspect-ticket</c> on sessions that the sample server issued under real key files: which key sealed the
/// ticket, its state, HMAC and decryption, and the exit code for each verdict.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InspectTicketTests(TicketServerSessions sessions) : IClassFixture<TicketServerSessions>, IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public static TheoryData<string, string> FormatsAndVersions()
    {
        var data = new TheoryData<string, string>();
        foreach (string format in TicketServerSessions.Formats)
        {
            foreach (string version in TicketServerSessions.Versions)
            {
                data.Add(format, version);
            }
        }

        return data;
    }

    public static TheoryData<string> Versions() => [.. TicketServerSessions.Versions];

    public void Dispose() => _folder.Dispose();

    [Theory]
    [MemberData(nameof(FormatsAndVersions))]
    public void The_key_file_that_sealed_a_ticket_would_resume_it(string format, string version)
    {
        string keyFile = sessions.KeyFile(format);

        (int exit, string output) = Inspect(keyFile, sessions.Session(format, version));

        Assert.True(exit == 0, output);
        Assert.Contains($"key name {KeyNameOf(keyFile)}", output, StringComparison.Ordinal);
        Assert.Contains($"TLSv{version}", output, StringComparison.Ordinal);
        Assert.Contains("current (encrypting)", output, StringComparison.Ordinal);
        Assert.Contains("HMAC verifies", output, StringComparison.Ordinal);
        Assert.Contains("decrypts: yes (padding valid, session parses)", output, StringComparison.Ordinal);
        Assert.Contains("verdict: these keys would resume it", output, StringComparison.Ordinal);
        using (ClientSession saved = ClientSession.ReadPem(sessions.Session(format, version)))
        {
            Assert.Equal(KeyNameOf(keyFile), saved.TicketKeyNameHex);
        }

        SecretScan.AssertAbsent(File.ReadAllBytes(keyFile), output);
        string masterKey = MasterKeyOf(sessions.Session(format, version));
        Assert.DoesNotContain(masterKey[..16], output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Another_key_file_does_not_know_the_key_name(string version)
    {
        string other = _folder.PathOf("other.key");
        using (TicketKey key = TicketKey.Generate(TicketKeyWindow.Unbounded))
        {
            NginxTicketKeyFile.Write(other, key);
        }

        (int exit, string output) = Inspect(other, sessions.Session("nginx80", version));

        Assert.True(exit == 1, output);
        Assert.Contains($"verdict: would not resume: unknown key name {KeyNameOf(sessions.KeyFile("nginx80"))}", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_key_with_the_same_name_but_other_bytes_fails_the_HMAC(string version)
    {
        string impostor = _folder.PathOf("impostor.key");
        byte[] file = File.ReadAllBytes(sessions.KeyFile("nginx80"));
        RandomNumberGenerator.Fill(file.AsSpan(TicketKey.NameLength));
        WriteOwnerOnly(impostor, file);

        (int exit, string output) = Inspect(impostor, sessions.Session("nginx80", version));

        Assert.True(exit == 1, output);
        Assert.Contains("HMAC does not verify", output, StringComparison.Ordinal);
        Assert.Contains("verdict: would not resume: HMAC mismatch", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_with_the_same_name_and_HMAC_key_but_another_AES_key_does_not_decrypt()
    {
        // nginx80: name [0, 16), HMAC key [16, 48), AES key [48, 80).
        string impostor = _folder.PathOf("other-aes.key");
        byte[] file = File.ReadAllBytes(sessions.KeyFile("nginx80"));
        RandomNumberGenerator.Fill(file.AsSpan(48));
        WriteOwnerOnly(impostor, file);

        (int exit, string output) = Inspect(impostor, sessions.Session("nginx80", "1.3"));

        Assert.True(exit == 1, output);
        Assert.Contains("HMAC verifies", output, StringComparison.Ordinal);
        Assert.Contains("decrypts: no (bad padding)", output, StringComparison.Ordinal);
        Assert.Contains("verdict: would not resume: the ticket does not decrypt", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_key_file_past_its_seven_day_window_is_expired(string version)
    {
        string stale = _folder.PathOf("stale.key");
        WriteOwnerOnly(stale, File.ReadAllBytes(sessions.KeyFile("nginx80")));
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-8));

        (int exit, string output) = Inspect(stale, sessions.Session("nginx80", version));

        Assert.True(exit == 1, output);
        Assert.Contains("HMAC verifies", output, StringComparison.Ordinal);
        Assert.Contains($"verdict: would not resume: key {KeyNameOf(stale)} expired at", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_key_that_only_decrypts_in_a_key_folder_resumes_and_is_renew_due(string version)
    {
        // The ticket's key started an hour ago; a newer key took over a minute ago, so the older one only decrypts.
        DateTimeOffset now = DateTimeOffset.UtcNow;
        WriteOwnerOnly(_folder.PathOf(TicketKeyDirectory.FileNameFor(now.AddHours(-1))), File.ReadAllBytes(sessions.KeyFile("nginx80")));
        _folder.WriteKey(TicketKeyDirectory.FileNameFor(now.AddMinutes(-1)));

        (int exit, string output) = Inspect(_folder.FullPath, sessions.Session("nginx80", version));

        Assert.True(exit == 0, output);
        Assert.Contains($"keys: folder {_folder.FullPath} (2 keys)", output, StringComparison.Ordinal);
        Assert.Contains("renew-due (decrypt-only", output, StringComparison.Ordinal);
        Assert.Contains("HMAC verifies", output, StringComparison.Ordinal);
        Assert.Contains("verdict: these keys would resume it and issue a new ticket (renew-due)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage", "holds no well-formed '-----BEGIN SSL SESSION PARAMETERS-----' block")]
    [InlineData("certificate", "holds no well-formed '-----BEGIN SSL SESSION PARAMETERS-----' block (it holds a 'CERTIFICATE' block)")]
    [InlineData("empty", "is empty; expected a saved TLS session")]
    [InlineData("missing", "no such file")]
    [InlineData("no-ticket", "the session has no ticket")]
    [InlineData("garbled-session", "OpenSSL cannot read the session in its SSL SESSION PARAMETERS block")]
    public void A_file_that_is_not_a_saved_session_with_a_ticket_is_bad_input(string kind, string problem)
    {
        string path = _folder.PathOf(kind + ".pem");
        switch (kind)
        {
            case "garbage":
                File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(300));
                break;
            case "certificate":
                File.WriteAllText(path, PemEncoding.WriteString("CERTIFICATE", RandomNumberGenerator.GetBytes(64)));
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "no-ticket":
                using (ClientSession saved = ClientSession.ReadPem(sessions.Session("nginx80", "1.2")))
                using (ClientSession withoutTicket = SessionTicketRewriter.WithoutTicket(saved))
                {
                    File.WriteAllText(path, PemEncoding.WriteString(TlsSessionSummary.PemLabel, withoutTicket.ToDer()));
                }

                break;
            case "garbled-session":
                File.WriteAllText(path, PemEncoding.WriteString(TlsSessionSummary.PemLabel, RandomNumberGenerator.GetBytes(64)));
                break;
        }

        (int exit, string output) = Inspect(sessions.KeyFile("nginx80"), path);

        Assert.True(exit == 2, output);
        Assert.Contains(path, output, StringComparison.Ordinal);
        Assert.Contains(problem, output, StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_key_file_is_bad_input()
    {
        string path = _folder.PathOf("short.key");
        WriteOwnerOnly(path, new byte[47]);

        (int exit, string output) = Inspect(path, sessions.Session("nginx80", "1.3"));

        Assert.True(exit == 2, output);
        Assert.Contains(path, output, StringComparison.Ordinal);
        Assert.Contains("47 bytes", output, StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));
    }

    [Fact]
    public void Help_describes_the_command()
    {
        (int exit, string output) = TicketKeysTool.Run(_folder.FullPath, "inspect-ticket", "--help");
        (int rootExit, string rootHelp) = TicketKeysTool.Run(_folder.FullPath, "--help");

        Assert.True(exit == 0, output);
        Assert.Contains("--keys", output, StringComparison.Ordinal);
        Assert.Contains("SESSION.pem", output, StringComparison.Ordinal);
        Assert.True(rootExit == 0, rootHelp);
        Assert.Contains("inspect-ticket", rootHelp, StringComparison.Ordinal);
    }

    internal static string KeyNameOf(string keyFile) => Convert.ToHexString(File.ReadAllBytes(keyFile).AsSpan(0, TicketKey.NameLength));

    /// <summary>The session's master secret as hex, as <c>openssl sess_id -text</c> prints it (TLS 1.3: "Resumption PSK").</summary>
    private string MasterKeyOf(string sessionPem)
    {
        (int exit, string text) = ToolProcess.Run("openssl", _folder.FullPath, "sess_id", "-in", sessionPem, "-noout", "-text");
        Assert.True(exit == 0, text);
        string line = text.Split('\n').Select(candidate => candidate.Trim())
            .Single(candidate => candidate.StartsWith("Master-Key: ", StringComparison.Ordinal) || candidate.StartsWith("Resumption PSK: ", StringComparison.Ordinal));
        string hex = line[(line.IndexOf(':', StringComparison.Ordinal) + 2)..];
        Assert.True(hex.Length >= 64, line);
        return hex;
    }

    private (int ExitCode, string Output) Inspect(string keys, string session) =>
        TicketKeysTool.Run(_folder.FullPath, "inspect-ticket", "--keys", keys, session);

    private static void WriteOwnerOnly(string path, byte[] contents)
    {
        File.WriteAllBytes(path, contents);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
    }
}
