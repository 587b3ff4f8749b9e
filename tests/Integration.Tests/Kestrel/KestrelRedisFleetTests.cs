using System;
using System.IO;
using System.Security.Cryptography;
using StackExchange.Redis;
using TicketKeys.Integration.Tests.Redis;
using TicketKeys.Integration.Tests.Sample;
using TicketKeys.Redis;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Kestrel;

/// <summary>
/// Real Kestrel processes (the KestrelFleet sample with <c>--redis</c>) sharing one real <c>redis-server</c> and one KEK
/// act as one fleet for <c>openssl s_client</c>: a session from either resumes on the other, from the first connection.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KestrelRedisFleetTests : IClassFixture<RedisServer>
{
    private readonly RedisServer _redis;

    public KestrelRedisFleetTests(RedisServer redis) => _redis = redis;

    [Theory]
    [InlineData("1.2")]
    [InlineData("1.3")]
    public void Two_servers_sharing_one_redis_resume_each_others_sessions(string tls)
    {
        using var work = new TemporaryFolder();
        string kek = WriteKek(work, "fleet.kek");
        (string certificate, string privateKey) = CertificateFiles.Write(work.FullPath);
        string prefix = $"kestrel-{tls}:";
        string[] arguments = ["--redis", _redis.Address, "--redis-prefix", prefix, "--kek-file", kek, "--cert", certificate, "--key", privateKey];
        using KestrelFleetProcess first = KestrelFleetProcess.Start(arguments);
        using KestrelFleetProcess second = KestrelFleetProcess.Start(arguments);
        string version = "-tls" + tls.Replace('.', '_');

        // No warm-up connection from the test: each server made its own at start, so even its first ticket is the fleet's.
        ProcessOutcome fromFirst = HttpsRequest.Get(first.Address, version, "-sess_out", work.PathOf("first.pem"));
        ProcessOutcome fromSecond = HttpsRequest.Get(second.Address, version, "-sess_out", work.PathOf("second.pem"));
        ProcessOutcome onSecond = HttpsRequest.Get(second.Address, version, "-sess_in", work.PathOf("first.pem"));
        ProcessOutcome onFirst = HttpsRequest.Get(first.Address, version, "-sess_in", work.PathOf("second.pem"));

        string[] stored = StoredKeyNames(prefix);
        Assert.Equal($"KestrelFleet: TLSv{tls}, full handshake, fleet keys on", HttpsRequest.Answer(fromFirst));
        Assert.Equal($"KestrelFleet: TLSv{tls}, full handshake, fleet keys on", HttpsRequest.Answer(fromSecond));
        foreach ((string session, ProcessOutcome resumed) in new[] { ("first.pem", onSecond), ("second.pem", onFirst) })
        {
            string keyName;
            using (ClientSession saved = ClientSession.ReadPem(work.PathOf(session)))
            {
                keyName = saved.TicketKeyNameHex;
            }

            Assert.Contains(keyName, stored);
            Assert.True(OpenSslClient.CountLines(resumed.Output, $"Reused, TLSv{tls}") == 1, resumed.ToString());
            Assert.Equal($"KestrelFleet: TLSv{tls}, resumed (key {keyName}), fleet keys on", HttpsRequest.Answer(resumed));
        }
    }

    [Fact]
    public void Redis_without_a_KEK_file_or_beside_a_key_folder_is_a_command_line_error()
    {
        ProcessOutcome withoutKek = KestrelFleetProcess.Run("--urls", "https://127.0.0.1:0", "--redis", _redis.Address);
        ProcessOutcome withFolder = KestrelFleetProcess.Run(
            "--urls", "https://127.0.0.1:0", "--redis", _redis.Address, "--kek-file", "fleet.kek", "--key-dir", Path.GetTempPath());

        Assert.True(withoutKek.ExitCode == 2, withoutKek.ToString());
        Assert.Contains("KestrelFleet: --redis needs --kek-file: the ticket keys are stored wrapped with it", withoutKek.Errors, StringComparison.Ordinal);
        Assert.True(withFolder.ExitCode == 2, withFolder.ToString());
        Assert.Contains("give one of --key-dir DIR, --key-file PATH or --redis HOST:PORT", withFolder.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_KEK_or_an_unreachable_redis_stops_the_server_at_start_with_one_line()
    {
        using var work = new TemporaryFolder();
        string wrong = WriteKek(work, "wrong.kek");
        using (RedisKeyEncryptionKey fleetKek = RedisKeyEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(RedisKeyEncryptionKey.Length)))
        using (RedisFleetNode.Start(_redis, fleetKek, TicketKeyRotationPolicy.Default, TimeSpan.FromSeconds(5), prefix: "kestrel-kek:"))
        {
            // The fleet's keys are in Redis now, wrapped with a KEK the server below does not have.
        }

        using var stopped = new RedisServer();
        string unreachable = stopped.Address;
        string shortTimeouts = stopped.Configuration;
        stopped.Kill();

        ProcessOutcome wrongKek = KestrelFleetProcess.Run(
            "--urls", "https://127.0.0.1:0", "--redis", _redis.Address, "--redis-prefix", "kestrel-kek:", "--kek-file", wrong);
        ProcessOutcome noRedis = KestrelFleetProcess.Run("--urls", "https://127.0.0.1:0", "--redis", shortTimeouts, "--kek-file", wrong);

        Assert.True(wrongKek.ExitCode == 3, wrongKek.ToString());
        Assert.StartsWith($"KestrelFleet: cannot start: Redis {_redis.Address} prefix 'kestrel-kek:': key entry ", wrongKek.Errors, StringComparison.Ordinal);
        Assert.Contains($"does not open with the key-encryption key from file '{wrong}'", wrongKek.Errors, StringComparison.Ordinal);
        Assert.Single(wrongKek.Errors.Trim().Split('\n'));
        Assert.True(noRedis.ExitCode == 3, noRedis.ToString());
        Assert.StartsWith($"KestrelFleet: cannot start: Redis {unreachable} prefix '{{ticketkeys}}:'", noRedis.Errors, StringComparison.Ordinal);
        Assert.Single(noRedis.Errors.Trim().Split('\n'));
        Assert.DoesNotContain("listening on", wrongKek.Output + noRedis.Output, StringComparison.Ordinal);
    }

    /// <summary>A fresh 32-byte KEK in a file of mode 0600, as an operator keeps it.</summary>
    private static string WriteKek(TemporaryFolder folder, string name)
    {
        string path = folder.PathOf(name);
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(RedisKeyEncryptionKey.Length));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>The names (hex) of the ticket keys the fleet under <paramref name="prefix"/> keeps in Redis.</summary>
    private string[] StoredKeyNames(string prefix)
    {
        using ConnectionMultiplexer connection = ConnectionMultiplexer.Connect(_redis.ObserverConfiguration);
        return [.. RedisContents.ReadLayout(connection.GetDatabase(), prefix).Keys.Keys];
    }
}
