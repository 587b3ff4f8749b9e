using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using TicketKeys.Integration.Tests.Readme;
using TicketKeys.Integration.Tests.Sample;
using Xunit;

namespace TicketKeys.Integration.Tests.Cli;

/// <summary>
/// <c>ticketkeys inspect-ticket</c> on tickets issued by a real nginx from key files that <c>ticketkeys new</c> wrote:
/// proves the tool's (and the runtime's) reading of nginx's 48- and 80-byte layouts against the real thing.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(NginxSessionsCollection.Name)]
public sealed class NginxTicketTests(NginxSessions sessions) : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public static TheoryData<string, string> FormatsAndVersions()
    {
        var data = new TheoryData<string, string>();
        foreach (string format in NginxSessions.Formats)
        {
            foreach (string version in NginxSessions.Versions)
            {
                data.Add(format, version);
            }
        }

        return data;
    }

    public static TheoryData<string> Versions() => [.. NginxSessions.Versions];

    public void Dispose() => _folder.Dispose();

    [Theory]
    [MemberData(nameof(FormatsAndVersions))]
    public void A_ticket_from_nginx_opens_under_the_key_file_nginx_read(string format, string version)
    {
        string keyFile = sessions.KeyFile(format);

        (int exit, string output) = Inspect(sessions.Session(format, version), "--keys", keyFile);

        AssertResumes(output, exit, keyFile, version);
        SecretScan.AssertAbsent(File.ReadAllBytes(keyFile), output);
    }

    [Theory]
    [InlineData("nginx80", "openssl", "1.2")]
    [InlineData("nginx80", "haproxy", "1.3")]
    [InlineData("nginx48", "apache", "1.2")]
    [InlineData("nginx48", "haproxy", "1.3")]
    public void The_same_key_converted_to_another_layout_opens_it_too(string format, string converted, string version)
    {
        string keyFile = sessions.KeyFile(format);
        string convertedFile = _folder.PathOf($"{converted}.key");
        (int convertExit, string convertOutput) = TicketKeysTool.Run(_folder.FullPath, "convert", keyFile, convertedFile, "--to", converted);

        (int exit, string output) = Inspect(sessions.Session(format, version), "--keys", convertedFile, "--format", converted);

        Assert.True(convertExit == 0, convertOutput);
        AssertResumes(output, exit, keyFile, version);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Another_key_file_would_not_resume_it(string version)
    {
        (int exit, string output) = Inspect(sessions.Session("nginx80", version), "--keys", sessions.KeyFile("nginx48"));

        Assert.True(exit == 1, output);
        Assert.Contains($"verdict: would not resume: unknown key name {InspectTicketTests.KeyNameOf(sessions.KeyFile("nginx80"))}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_past_the_server_session_timeout_would_not_resume()
    {
        // nginx's ssl_session_timeout is 1 s for this session; OpenSSL refuses it once its age exceeds that.
        DateTime savedAt = File.GetLastWriteTimeUtc(sessions.ShortTimeoutSession);
        TimeSpan wait = savedAt.AddSeconds(2.5) - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            Thread.Sleep(wait);
        }

        (int exit, string output) = Inspect(sessions.ShortTimeoutSession, "--keys", sessions.KeyFile("nginx80"));

        Assert.True(exit == 1, output);
        Assert.Contains("HMAC verifies", output, StringComparison.Ordinal);
        Assert.Contains("server's session timeout 1 s", output, StringComparison.Ordinal);
        Assert.Contains("verdict: would not resume: session timed out at", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_README_example_runs_as_shown()
    {
        // The README's command, word for word, with `ticketkeys` on PATH as after `dotnet tool install --global`.
        string keyFile = sessions.KeyFile("nginx80");
        File.Copy(keyFile, _folder.PathOf("nginx80.key"));
        File.SetUnixFileMode(_folder.PathOf("nginx80.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetLastWriteTimeUtc(_folder.PathOf("nginx80.key"), File.GetLastWriteTimeUtc(keyFile));
        File.Copy(sessions.Session("nginx80", "1.3"), _folder.PathOf("session.pem"));
        string bin = Directory.CreateDirectory(_folder.PathOf("bin")).FullName;
        string shim = Path.Combine(bin, "ticketkeys");
        File.WriteAllText(shim, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "TicketKeys.Cli.dll")}' \"$@\"\n");
        File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        (int exit, string output) = ReadmeCommands.Run(
            "ticketkeys inspect-ticket --keys nginx80.key session.pem",
            _folder.FullPath,
            environment: new Dictionary<string, string> { ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") });

        AssertResumes(output, exit, keyFile, "1.3");
    }

    private static void AssertResumes(string output, int exit, string keyFile, string version)
    {
        Assert.True(exit == 0, output);
        Assert.Contains($"key name {InspectTicketTests.KeyNameOf(keyFile)}", output, StringComparison.Ordinal);
        Assert.Contains($"TLSv{version}", output, StringComparison.Ordinal);
        Assert.Contains("HMAC verifies", output, StringComparison.Ordinal);
        Assert.Contains("decrypts: yes (padding valid, session parses)", output, StringComparison.Ordinal);
        Assert.Contains("verdict: these keys would resume it", output, StringComparison.Ordinal);
    }

    private (int ExitCode, string Output) Inspect(string session, params string[] options) =>
        TicketKeysTool.Run(_folder.FullPath, ["inspect-ticket", .. options, session]);
}
