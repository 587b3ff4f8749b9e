using System;
using System.IO;
using System.Security.Cryptography;
using TicketKeys.Integration.Tests.Sample;
using TicketKeys.Integration.Tests.Support;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Redis;

/// <summary>Three sample servers sharing one Redis act as one fleet: a session from one resumes on the two others.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RedisFleetResumptionTests : IClassFixture<RedisServer>
{
    private readonly RedisServer _redis;

    public RedisFleetResumptionTests(RedisServer redis) => _redis = redis;

    [Theory]
    [InlineData("1.2")]
    [InlineData("1.3")]
    public void A_session_from_one_server_resumes_on_the_others_that_share_the_redis(string tls)
    {
        using var folder = new TemporaryFolder();
        string kek = folder.PathOf("fleet.kek");
        // As docs/readme-fleets.md shows it.
        (int exitCode, string output) = ToolProcess.Run("openssl", folder.FullPath, "rand", "-out", "fleet.kek", "32");
        Assert.True(exitCode == 0 && new FileInfo(kek).Length == 32, output);
        (exitCode, output) = ToolProcess.Run("chmod", folder.FullPath, "600", "fleet.kek");
        Assert.True(exitCode == 0, output);
        string prefix = $"fleet-{tls}:";
        using TicketServerProcess first = TicketServerProcess.Start("--redis", _redis.Address, "--redis-prefix", prefix, "--kek-file", kek);
        using TicketServerProcess second = TicketServerProcess.Start("--redis", _redis.Address, "--redis-prefix", prefix, "--kek-file", kek);
        using TicketServerProcess third = TicketServerProcess.Start("--redis", _redis.Address, "--redis-prefix", prefix, "--kek-file", kek);
        using TicketServerProcess outsider = TicketServerProcess.Start("--redis", _redis.Address, "--redis-prefix", "other-" + prefix, "--kek-file", kek);
        string version = "-tls" + tls.Replace('.', '_');
        string session = folder.PathOf("session.pem");

        ProcessOutcome full = OpenSslClient.Connect(first.Address, OpenSslClient.GreetingReceived, version, "-sess_out", session);
        Assert.True(OpenSslClient.CountLines(full.Output, $"New, TLSv{tls}") == 1, full.ToString());
        foreach (TicketServerProcess other in new[] { second, third })
        {
            ProcessOutcome resumed = OpenSslClient.Connect(other.Address, OpenSslClient.GreetingReceived, version, "-sess_in", session);
            Assert.True(OpenSslClient.CountLines(resumed.Output, $"Reused, TLSv{tls}") == 1, resumed.ToString());
            Assert.Contains($"TicketServer: TLSv{tls}, resumed", resumed.Output, StringComparison.Ordinal);
        }

        // Control: another prefix is another fleet, whose keys do not open the ticket.
        ProcessOutcome outside = OpenSslClient.Connect(outsider.Address, OpenSslClient.GreetingReceived, version, "-sess_in", session);
        Assert.True(OpenSslClient.CountLines(outside.Output, $"New, TLSv{tls}") == 1, outside.ToString());
    }

    [Fact]
    public void A_server_with_another_KEK_exits_with_a_clear_error()
    {
        using var folder = new TemporaryFolder();
        string kek = folder.PathOf("fleet.kek");
        string wrong = folder.PathOf("wrong.kek");
        WriteKek(kek);
        WriteKek(wrong);
        using TicketServerProcess first = TicketServerProcess.Start("--redis", _redis.Address, "--redis-prefix", "kek:", "--kek-file", kek);

        ProcessOutcome refused = TicketServerProcess.Run(TicketServerProcess.StartTimeout, "--listen", "127.0.0.1:0", "--redis", _redis.Address, "--redis-prefix", "kek:", "--kek-file", wrong);
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("does not open with the key-encryption key from file", refused.Errors, StringComparison.Ordinal);

        ProcessOutcome missing = TicketServerProcess.Run(TicketServerProcess.StartTimeout, "--listen", "127.0.0.1:0", "--redis", _redis.Address);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("--redis needs --kek-file", missing.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_whose_redis_cannot_be_reached_exits_with_a_clear_error()
    {
        using var folder = new TemporaryFolder();
        string kek = folder.PathOf("fleet.kek");
        WriteKek(kek);
        using var stopped = new RedisServer();
        string address = stopped.Address;
        string configuration = stopped.Configuration;
        stopped.Kill();

        // --redis takes a StackExchange.Redis configuration string: here with 1-second timeouts.
        ProcessOutcome refused = TicketServerProcess.Run(TimeSpan.FromSeconds(30), "--listen", "127.0.0.1:0", "--redis", configuration, "--kek-file", kek);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains($"bad ticket keys: Redis {address} prefix '{{ticketkeys}}:'", refused.Errors, StringComparison.Ordinal);
        Assert.Single(refused.Errors.Trim().Split('\n'));
    }

    /// <summary>A KEK file as an operator keeps it: 32 random bytes, the owner's alone.</summary>
    private static void WriteKek(string path)
    {
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(32));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
