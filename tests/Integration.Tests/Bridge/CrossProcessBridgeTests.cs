using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using TicketKeys.Interop;
using Xunit;

namespace TicketKeys.Integration.Tests.Bridge;

/// <summary>
/// Two SslStreamBridgeServer processes (.NET 10) with one certificate and one nginx key file: the fleet case. Each gets a
/// warm-up connection first (the connection that attaches keeps .NET's own ticket).
/// </summary>
public sealed class CrossProcessBridgeTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly BridgeServerFiles _files = new();

    [Theory]
    [InlineData("-tls1_2")]
    [InlineData("-tls1_3")]
    public void A_session_from_one_process_resumes_on_another_with_the_same_key_file(string version)
    {
        using var first = BridgeServerProcess.StartOnDotnet(NoEnvironment, _files.Arguments());
        using var second = BridgeServerProcess.StartOnDotnet(NoEnvironment, _files.Arguments());
        string session = _files.PathOf("session.pem");

        WarmUp(first, version);
        WarmUp(second, version);
        SslStreamConnection saving = SslStreamClient.Connect(first.Address, version, sessionOut: session);
        SslStreamConnection resuming = SslStreamClient.Connect(second.Address, version, sessionIn: session);

        AssertGreeting(saving, "attach=AlreadyAttached full handshake");
        Assert.True(resuming.ClientReused, resuming.Transcript);
        AssertGreeting(resuming, $"attach=AlreadyAttached resumed under key {_files.KeyName}");
    }

    [Theory]
    [InlineData("-tls1_2")]
    [InlineData("-tls1_3")]
    public void Processes_with_different_session_id_contexts_do_not_resume_each_others_sessions(string version)
    {
        using var shop = BridgeServerProcess.StartOnDotnet(NoEnvironment, _files.Arguments("--session-id-context", "shop"));
        using var admin = BridgeServerProcess.StartOnDotnet(NoEnvironment, _files.Arguments("--session-id-context", "admin"));
        string session = _files.PathOf("session.pem");

        WarmUp(shop, version);
        WarmUp(admin, version);
        SslStreamClient.Connect(shop.Address, version, sessionOut: session);
        SslStreamConnection elsewhere = SslStreamClient.Connect(admin.Address, version, sessionIn: session);
        SslStreamConnection home = SslStreamClient.Connect(shop.Address, version, sessionIn: session);

        // Same ticket key in both: only the session id context keeps the endpoints apart.
        Assert.False(elsewhere.ClientReused, elsewhere.Transcript);
        AssertGreeting(elsewhere, "attach=AlreadyAttached full handshake");
        Assert.True(home.ClientReused, home.Transcript);
    }

    [Fact]
    public void A_copy_of_libssl_other_than_the_one_dotnet_loaded_is_refused_naming_both_paths()
    {
        LoadedOpenSsl loaded = LoadedOpenSsl.Probe();
        Assert.NotEmpty(loaded.Ssl);
        string ssl = _files.PathOf("libssl.so.3");
        string crypto = _files.PathOf("libcrypto.so.3");
        File.Copy(loaded.Ssl[0], ssl);
        File.Copy(loaded.Crypto[0], crypto);
        var environment = new Dictionary<string, string>
        {
            [OpenSslLibrary.SslPathVariable] = ssl,
            [OpenSslLibrary.CryptoPathVariable] = crypto,
        };

        using var server = BridgeServerProcess.StartOnDotnet(environment, _files.Arguments());
        SslStreamConnection connection = SslStreamClient.Connect(server.Address, "-tls1_3");
        string warning = WaitForLine(server, "warning: ");

        AssertGreeting(connection, "attach=Unsupported unknown");
        Assert.Contains(ssl, warning, StringComparison.Ordinal);
        Assert.Contains(loaded.Ssl[0], warning, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();

    private static void WarmUp(BridgeServerProcess server, string version) =>
        AssertGreeting(SslStreamClient.Connect(server.Address, version), "attach=Attached full handshake");

    private static void AssertGreeting(SslStreamConnection connection, string expectedEnd) =>
        Assert.True(connection.Greeting.EndsWith(expectedEnd, StringComparison.Ordinal), $"expected a greeting ending '{expectedEnd}':\n{connection.Transcript}");

    private static string WaitForLine(BridgeServerProcess server, string prefix)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(5))
        {
            foreach (string line in server.Errors.Split('\n'))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            Thread.Sleep(20);
        }

        Assert.Fail($"no '{prefix}' line on stderr: {server.Errors} stdout: {server.Output}");
        return string.Empty;
    }
}
