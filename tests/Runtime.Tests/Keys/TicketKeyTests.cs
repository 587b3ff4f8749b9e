using System;
using TicketKeys.Tests.Support;
using Xunit;

namespace TicketKeys.Tests.Keys;

public sealed class TicketKeyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    public void Create_rejects_a_name_of_the_wrong_length(int length)
    {
        var error = Assert.Throws<ArgumentException>(
            () => TicketKey.Create(new byte[length], new byte[32], new byte[32], TicketKeyWindow.Unbounded));

        Assert.Equal("name", error.ParamName);
        Assert.Contains($"got {length} bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(24)]
    [InlineData(31)]
    [InlineData(33)]
    public void Create_rejects_an_AES_key_of_the_wrong_length(int length)
    {
        var error = Assert.Throws<ArgumentException>(
            () => TicketKey.Create(new byte[16], new byte[length], new byte[32], TicketKeyWindow.Unbounded));

        Assert.Equal("aesKey", error.ParamName);
        Assert.Contains($"got {length} bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, 15)]
    [InlineData(32, 16)]
    [InlineData(32, 31)]
    [InlineData(32, 0)]
    public void Create_rejects_an_HMAC_key_shorter_than_the_AES_key(int aesLength, int hmacLength)
    {
        var error = Assert.Throws<ArgumentException>(
            () => TicketKey.Create(new byte[16], new byte[aesLength], new byte[hmacLength], TicketKeyWindow.Unbounded));

        Assert.Equal("hmacKey", error.ParamName);
        Assert.Contains($"{hmacLength} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{aesLength}-byte AES key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, 65)]
    [InlineData(32, 65)]
    [InlineData(32, 128)]
    public void Create_rejects_an_HMAC_key_longer_than_64_bytes(int aesLength, int hmacLength)
    {
        var error = Assert.Throws<ArgumentException>(
            () => TicketKey.Create(new byte[16], new byte[aesLength], new byte[hmacLength], TicketKeyWindow.Unbounded));

        Assert.Equal("hmacKey", error.ParamName);
        Assert.Contains($"{hmacLength} bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TicketCipher.Aes128Cbc, 15)]
    [InlineData(TicketCipher.Aes256Cbc, 31)]
    [InlineData(TicketCipher.Aes256Cbc, 65)]
    public void Generate_rejects_an_HMAC_key_length_out_of_range(TicketCipher cipher, int hmacLength)
    {
        var error = Assert.Throws<ArgumentException>(() => TicketKey.Generate(TicketKeyWindow.Unbounded, cipher, hmacLength));

        Assert.Contains($"{hmacLength} bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, 16, TicketCipher.Aes128Cbc)]
    [InlineData(16, 64, TicketCipher.Aes128Cbc)]
    [InlineData(32, 32, TicketCipher.Aes256Cbc)]
    [InlineData(32, 64, TicketCipher.Aes256Cbc)]
    public void Create_keeps_the_given_bytes_at_the_boundary_lengths(int aesLength, int hmacLength, TicketCipher cipher)
    {
        byte[] name = TestBytes.Run(16, 0x00);
        byte[] aesKey = TestBytes.Run(aesLength, 0x40);
        byte[] hmacKey = TestBytes.Run(hmacLength, 0x80);

        using TicketKey key = TicketKey.Create(name, aesKey, hmacKey, TicketKeyWindow.Unbounded);

        Assert.Equal(cipher, key.Cipher);
        Assert.Equal("000102030405060708090A0B0C0D0E0F", key.NameHex);
        Assert.True(key.HasName(name));
        SecretAssert.KeyHas(key, name, aesKey, hmacKey);
    }

    [Fact]
    public void Create_copies_the_bytes_so_later_changes_to_the_source_do_not_reach_the_key()
    {
        byte[] name = TestBytes.Run(16, 0x00);
        byte[] aesKey = TestBytes.Run(32, 0x40);
        byte[] hmacKey = TestBytes.Run(32, 0x80);
        using TicketKey key = TicketKey.Create(name, aesKey, hmacKey, TicketKeyWindow.Unbounded);

        Array.Clear(name);
        Array.Clear(aesKey);
        Array.Clear(hmacKey);

        SecretAssert.KeyHas(key, TestBytes.Run(16, 0x00), TestBytes.Run(32, 0x40), TestBytes.Run(32, 0x80));
    }

    [Theory]
    [InlineData(16, 16)]
    [InlineData(32, 32)]
    [InlineData(32, 64)]
    public void ToString_shows_the_name_but_never_the_key_bytes(int aesLength, int hmacLength)
    {
        byte[] aesKey = TestBytes.Random(aesLength);
        byte[] hmacKey = TestBytes.Random(hmacLength);
        using TicketKey key = TicketKey.Create(TestBytes.Random(16), aesKey, hmacKey, TicketKeyWindow.Unbounded);

        string text = key.ToString();

        Assert.Contains(key.NameHex, text, StringComparison.Ordinal);
        foreach ((string field, byte[] secret) in new[] { ("AES key", aesKey), ("HMAC key", hmacKey) })
        {
            // Assert.DoesNotContain would print the secret on failure.
            Assert.False(text.Contains(Convert.ToHexString(secret), StringComparison.OrdinalIgnoreCase), $"ToString shows the {field} in hex.");
            Assert.False(text.Contains(Convert.ToBase64String(secret), StringComparison.Ordinal), $"ToString shows the {field} in base64.");
        }
    }

    [Fact]
    public void A_disposed_key_can_no_longer_be_acquired_or_read()
    {
        TicketKey key = TicketKey.Generate(TicketKeyWindow.Unbounded);

        key.Dispose();

        Assert.True(key.IsDisposed);
        Assert.False(key.TryAcquire());
        Assert.Throws<ObjectDisposedException>(() => key.CopySecretsTo(new byte[32], new byte[32]));
        key.Dispose(); // twice is harmless
    }

    [Fact]
    public unsafe void Disposing_a_key_in_use_keeps_its_bytes_intact_until_the_user_releases_it()
    {
        byte[] aesKey = TestBytes.Random(32);
        byte[] hmacKey = TestBytes.Random(32);
        TicketKey key = TicketKey.Create(TestBytes.Random(16), aesKey, hmacKey, TicketKeyWindow.Unbounded);
        Assert.True(key.TryAcquire());

        key.Dispose();

        // Sound: the acquired reference keeps the native memory allocated, as it does for a callback in flight.
        Assert.True(key.IsDisposed, "IsDisposed is false after Dispose.");
        Assert.False(key.TryAcquire(), "A disposed key could be acquired.");
        SecretAssert.Equal(aesKey, new ReadOnlySpan<byte>(key.AesKey, 32), "AES key of a disposed key still in use");
        SecretAssert.Equal(hmacKey, new ReadOnlySpan<byte>(key.HmacKey, 32), "HMAC key of a disposed key still in use");
        key.Release();
        Assert.False(key.TryAcquire());
    }

    [Fact]
    public void Generate_makes_distinct_random_keys_of_the_requested_shape()
    {
        using TicketKey first = TicketKey.Generate(TicketKeyWindow.Unbounded, TicketCipher.Aes128Cbc, 48);
        using TicketKey second = TicketKey.Generate(TicketKeyWindow.Unbounded, TicketCipher.Aes128Cbc, 48);

        Assert.Equal(16, first.AesKeyLength);
        Assert.Equal(48, first.HmacKeyLength);
        Assert.False(first.HasName(second.Name));
        (byte[] firstAes, byte[] firstHmac) = SecretAssert.SecretsOf(first);
        (byte[] secondAes, byte[] secondHmac) = SecretAssert.SecretsOf(second);
        Assert.False(firstAes.AsSpan().SequenceEqual(secondAes), "Two generated keys share their AES key.");
        Assert.False(firstHmac.AsSpan().SequenceEqual(secondHmac), "Two generated keys share their HMAC key.");
        Assert.False(firstAes.AsSpan().IndexOfAnyExcept((byte)0) < 0, "A generated AES key is all zeros.");
    }

    [Theory]
    [InlineData(TicketCipher.Aes256Cbc, 32, 256)]
    [InlineData(TicketCipher.Aes256Cbc, 64, 256)]
    [InlineData(TicketCipher.Aes128Cbc, 16, 128)]
    [InlineData(TicketCipher.Aes128Cbc, 32, 128)]
    public void Strength_is_the_weaker_of_the_AES_key_and_the_capped_HMAC_key(TicketCipher cipher, int hmacKeyLength, int expectedBits)
    {
        using TicketKey key = TicketKey.Generate(TicketKeyWindow.Unbounded, cipher, hmacKeyLength);

        Assert.Equal(expectedBits, key.StrengthBits);
    }
}
