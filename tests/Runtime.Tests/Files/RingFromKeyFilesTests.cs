using System;
using System.Linq;
using TicketKeys.Tests.Support;
using Xunit;

namespace TicketKeys.Tests.Files;

/// <summary><see cref="TicketKeyRing.FromKeyFiles"/>: nginx's repeated <c>ssl_session_ticket_key</c>, in its order.</summary>
public sealed class RingFromKeyFilesTests
{
    [Fact]
    public void The_first_file_encrypts_and_the_others_decrypt_in_their_order()
    {
        using var folder = new TemporaryFolder();
        byte[] first = TestBytes.Random(80);
        byte[] second = TestBytes.Random(48);
        KeyFiles.Write(folder.File("first.key"), first);
        KeyFiles.Write(folder.File("second.key"), second);

        using TicketKeyRing ring = TicketKeyRing.FromKeyFiles([folder.File("first.key"), folder.File("second.key")]);

        Assert.Equal([Convert.ToHexString(first, 0, 16), Convert.ToHexString(second, 0, 16)], ring.Keys.Select(key => key.NameHex));
        Assert.Equal(Convert.ToHexString(first, 0, 16), ring.GetEncryptionKey()!.NameHex);
        Assert.Equal(TicketKeyLookupResult.Renew, ring.Find(second.AsSpan(0, 16)).Result);
    }

    [Fact]
    public void A_bad_later_file_fails_naming_it_and_no_ring_is_made()
    {
        using var folder = new TemporaryFolder();
        KeyFiles.Write(folder.File("good.key"), TestBytes.Random(80));
        KeyFiles.Write(folder.File("short.key"), TestBytes.Random(47));

        var error = Assert.Throws<TicketKeyFileException>(
            () => TicketKeyRing.FromKeyFiles([folder.File("good.key"), folder.File("short.key")]));

        Assert.Contains(folder.File("short.key"), error.Message, StringComparison.Ordinal);
        Assert.Contains("47 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_format_every_file_is_read_in_that_layout()
    {
        using var folder = new TemporaryFolder();
        byte[] apache = TestBytes.Random(48);
        KeyFiles.Write(folder.File("apache.key"), apache);

        using TicketKeyRing ring = TicketKeyRing.FromKeyFiles([folder.File("apache.key")], TicketKeyFileFormat.Apache);

        using TicketKey nginxReading = NginxTicketKeyFile.Read(folder.File("apache.key"));
        TicketKey key = Assert.Single(ring.Keys);
        Assert.Equal(Convert.ToHexString(apache, 0, 16), key.NameHex);
        // Apache's 48 bytes are name|HMAC|AES, nginx's name|AES|HMAC: the same bytes give other secrets.
        Assert.NotEqual(SecretAssert.SecretsOf(nginxReading).AesKey, SecretAssert.SecretsOf(key).AesKey);
    }
}
