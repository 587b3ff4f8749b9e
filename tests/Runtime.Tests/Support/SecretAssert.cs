using System;
using TicketKeys;
using Xunit;

namespace TicketKeys.Tests.Support;

/// <summary>Compares key bytes without ever printing them: failures name the field and lengths only.</summary>
internal static class SecretAssert
{
    public static void Equal(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string field) =>
        Assert.True(
            expected.SequenceEqual(actual),
            $"{field} differs from the expected bytes (expected {expected.Length} bytes, got {actual.Length}; contents not shown).");

    public static void KeyHas(TicketKey key, ReadOnlySpan<byte> name, ReadOnlySpan<byte> aesKey, ReadOnlySpan<byte> hmacKey)
    {
        Equal(name, key.Name, "Name");
        Assert.Equal(aesKey.Length, key.AesKeyLength);
        Assert.Equal(hmacKey.Length, key.HmacKeyLength);
        (byte[] actualAes, byte[] actualHmac) = SecretsOf(key);
        Equal(aesKey, actualAes, "AES key");
        Equal(hmacKey, actualHmac, "HMAC key");
    }

    public static (byte[] AesKey, byte[] HmacKey) SecretsOf(TicketKey key)
    {
        var aesKey = new byte[key.AesKeyLength];
        var hmacKey = new byte[key.HmacKeyLength];
        key.CopySecretsTo(aesKey, hmacKey);
        return (aesKey, hmacKey);
    }
}
