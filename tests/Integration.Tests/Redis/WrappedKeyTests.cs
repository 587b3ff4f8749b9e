using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using TicketKeys.Integration.Tests.Sample;
using TicketKeys.Redis;
using Xunit;

namespace TicketKeys.Integration.Tests.Redis;

/// <summary>What Redis holds opens no ticket without the KEK, and a node with the wrong KEK (or none) refuses to start.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WrappedKeyTests : IClassFixture<RedisServer>
{
    private static readonly TicketKeyRotationPolicy Rotation = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90));
    private readonly RedisServer _redis;

    public WrappedKeyTests(RedisServer redis) => _redis = redis;

    [Fact]
    public void Redis_never_holds_a_ticket_key_in_clear()
    {
        using var kek = RedisKeyEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        using RedisFleetNode node = RedisFleetNode.Start(_redis, kek, Rotation, TimeSpan.FromSeconds(1), prefix: "{wrapped}:");
        Assert.Equal(2, node.Ring.Keys.Count);

        List<(string Key, byte[] Value)> contents = RedisContents.ReadAll(_redis);
        List<(string Key, byte[] Value)> stored = [.. contents.Where(entry => entry.Key.StartsWith("{wrapped}:keys ", StringComparison.Ordinal))];
        Assert.Equal(node.Ring.Keys.Select(key => "{wrapped}:keys " + key.NameHex).Order(), stored.Select(entry => entry.Key).Order());
        foreach (TicketKey key in node.Ring.Keys)
        {
            byte[] aes = new byte[key.AesKeyLength];
            byte[] hmac = new byte[key.HmacKeyLength];
            key.CopySecretsTo(aes, hmac);
            try
            {
                foreach ((string where, byte[] value) in contents)
                {
                    // Any 8 bytes of either secret found anywhere would be a leak; the name, by design, is stored in clear.
                    Assert.False(ContainsAnyPart(value, aes), $"AES key bytes of {key.NameHex} found in clear at {where}");
                    Assert.False(ContainsAnyPart(value, hmac), $"HMAC key bytes of {key.NameHex} found in clear at {where}");
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(aes);
                CryptographicOperations.ZeroMemory(hmac);
            }
        }
    }

    [Fact]
    public void A_node_with_another_KEK_refuses_to_start_with_a_clear_error()
    {
        using var kek = RedisKeyEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        using var other = RedisKeyEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        using RedisFleetNode first = RedisFleetNode.Start(_redis, kek, Rotation, TimeSpan.FromSeconds(1), prefix: "{kek}:");

        var error = Assert.Throws<TicketKeyStoreException>(() => RedisFleetNode.Start(_redis, other, Rotation, TimeSpan.FromSeconds(1), prefix: "{kek}:"));
        Assert.Contains("does not open with the key-encryption key", error.Message, StringComparison.Ordinal);
        Assert.Contains("prefix '{kek}:'", error.Message, StringComparison.Ordinal);
        Assert.True(first.Feed.Health.IsHealthy);
    }

    [Fact]
    public async System.Threading.Tasks.Task Without_a_KEK_the_store_refuses_unless_told_to_store_keys_in_clear()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => RedisTicketKeys.ConnectAsync(_redis.Configuration, new RedisTicketKeyStoreOptions { Prefix = "{none}:" }));
        Assert.Contains("No key-encryption key", error.Message, StringComparison.Ordinal);

        var warnings = new List<string>();
        using RedisTicketKeys clear = await RedisTicketKeys.ConnectAsync(_redis.Configuration, new RedisTicketKeyStoreOptions
        {
            Prefix = "{clear}:",
            Rotation = Rotation,
            StoreKeysInClear = true,
            Warning = warnings.Add,
        });
        Assert.Contains(warnings, warning => warning.Contains("IN CLEAR", StringComparison.Ordinal));

        // A node that has a KEK refuses keys stored in clear: write access to Redis must not downgrade it.
        using var kek = RedisKeyEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        var refused = Assert.Throws<TicketKeyStoreException>(() => RedisFleetNode.Start(_redis, kek, Rotation, TimeSpan.FromSeconds(1), prefix: "{clear}:"));
        Assert.Contains("stored in clear", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_KEK_file_of_the_wrong_size_is_named_with_its_byte_count()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("fleet.kek");
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(31));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var error = Assert.Throws<IOException>(() => RedisKeyEncryptionKey.FromFile(path));
        Assert.Contains($"'{path}' is 31 bytes", error.Message, StringComparison.Ordinal);

        File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        using RedisKeyEncryptionKey fromText = RedisKeyEncryptionKey.FromFile(path);
        Assert.DoesNotContain(File.ReadAllText(path).Trim(), fromText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_KEK_file_that_group_or_others_may_read_is_refused_naming_its_mode_and_the_fix()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("fleet.kek");
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(32));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<IOException>(() => RedisKeyEncryptionKey.FromFile(path));
        Assert.Contains($"'{path}' is accessible by group or others (mode 0644)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 '{path}'", error.Message, StringComparison.Ordinal);

        using RedisKeyEncryptionKey ignored = RedisKeyEncryptionKey.FromFile(path, KeyFilePermissions.Ignore);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using RedisKeyEncryptionKey owned = RedisKeyEncryptionKey.FromFile(path);
        Assert.Equal(ignored.ToString(), owned.ToString());
    }

    private static bool ContainsAnyPart(byte[] haystack, byte[] secret)
    {
        const int part = 8;
        for (int offset = 0; offset + part <= secret.Length; offset++)
        {
            if (haystack.AsSpan().IndexOf(secret.AsSpan(offset, part)) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
