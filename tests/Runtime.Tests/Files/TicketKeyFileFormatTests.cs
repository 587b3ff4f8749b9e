using System;
using System.IO;
using System.Text;
using TicketKeys.Tests.Support;
using Xunit;

namespace TicketKeys.Tests.Files;

/// <summary>
/// Every server's layout against fixed bytes: each field is a distinct run, so a key read from another server's
/// offsets (the AES and HMAC keys swapped, as between nginx and Apache 48-byte files) fails here.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TicketKeyFileFormatTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(TicketKeyFileFormat.Nginx48, 48, 16, 16, 32, 16)]
    [InlineData(TicketKeyFileFormat.Nginx80, 80, 48, 32, 16, 32)]
    [InlineData(TicketKeyFileFormat.Apache, 48, 32, 16, 16, 16)]
    [InlineData(TicketKeyFileFormat.OpenSsl, 80, 48, 32, 16, 32)]
    public void A_one_key_file_holds_name_AES_and_HMAC_keys_at_its_servers_offsets_and_round_trips(
        TicketKeyFileFormat format, int length, int aesOffset, int aesLength, int hmacOffset, int hmacLength)
    {
        byte[] file = TestBytes.Run(length, 0x00);
        string path = KeyFiles.Write(_folder.File("in.key"), file);

        var keys = TicketKeyFile.Read(path, format);

        using TicketKey key = Assert.Single(keys);
        SecretAssert.KeyHas(key, file.AsSpan(0, 16), file.AsSpan(aesOffset, aesLength), file.AsSpan(hmacOffset, hmacLength));
        Assert.Equal(aesLength == 16 ? TicketCipher.Aes128Cbc : TicketCipher.Aes256Cbc, key.Cipher);
        string copy = _folder.File("out.key");
        TicketKeyFile.Write(copy, format, [key]);
        SecretAssert.Equal(file, File.ReadAllBytes(copy), "Written file");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(copy));
    }

    [Fact]
    public void Nginx_and_Apache_read_the_same_48_bytes_as_different_keys()
    {
        byte[] file = TestBytes.Run(48, 0x00);
        string path = KeyFiles.Write(_folder.File("48.key"), file);

        using TicketKey nginx = Assert.Single(TicketKeyFile.Read(path, TicketKeyFileFormat.Nginx48));
        using TicketKey apache = Assert.Single(TicketKeyFile.Read(path, TicketKeyFileFormat.Apache));

        (byte[] nginxAes, byte[] nginxHmac) = SecretAssert.SecretsOf(nginx);
        (byte[] apacheAes, byte[] apacheHmac) = SecretAssert.SecretsOf(apache);
        SecretAssert.Equal(nginxAes, apacheHmac, "nginx AES key as Apache's HMAC key");
        SecretAssert.Equal(nginxHmac, apacheAes, "nginx HMAC key as Apache's AES key");
    }

    [Theory]
    [InlineData(80, 32)]
    [InlineData(48, 16)]
    public void An_HAProxy_file_encrypts_with_its_penultimate_line_and_decrypts_with_the_last_three(int keyLength, int secretLength)
    {
        byte[] first = TestBytes.Run(keyLength, 0x00);
        byte[] second = TestBytes.Run(keyLength, 0x55);
        byte[] third = TestBytes.Run(keyLength, 0xAA);
        byte[] fourth = TestBytes.Run(keyLength, 0x33);
        string text = string.Join('\n', Convert.ToBase64String(first), Convert.ToBase64String(second), Convert.ToBase64String(third), Convert.ToBase64String(fourth)) + "\n";
        string path = KeyFiles.Write(_folder.File("haproxy.keys"), Encoding.ASCII.GetBytes(text));

        var keys = TicketKeyFile.Read(path, TicketKeyFileFormat.HAProxy);

        try
        {
            // HAProxy keeps the last 3 lines (TLS_TICKETS_NO): the penultimate encrypts, then the last, then the one before.
            Assert.Equal(3, keys.Count);
            AssertHAProxyKey(keys[0], third, secretLength);
            AssertHAProxyKey(keys[1], fourth, secretLength);
            AssertHAProxyKey(keys[2], second, secretLength);
            Assert.Equal(keys[0].Window.NotAfter, keys[0].Window.RenewAfter);
            Assert.Equal(keys[1].Window.NotBefore, keys[1].Window.RenewAfter);
            Assert.Equal(keys[2].Window.NotBefore, keys[2].Window.RenewAfter);

            string copy = _folder.File("copy.keys");
            TicketKeyFile.Write(copy, TicketKeyFileFormat.HAProxy, keys);
            string expected = string.Join('\n', Convert.ToBase64String(second), Convert.ToBase64String(third), Convert.ToBase64String(fourth)) + "\n";
            SecretAssert.Equal(Encoding.ASCII.GetBytes(expected), File.ReadAllBytes(copy), "Written HAProxy file");
            Assert.Equal(TicketKeyFileFormat.HAProxy, TicketKeyFile.Detect(copy));
        }
        finally
        {
            foreach (TicketKey key in keys)
            {
                key.Dispose();
            }
        }
    }

    [Fact]
    public void One_key_written_for_HAProxy_is_its_three_lines_and_reads_back_as_that_key()
    {
        byte[] file = TestBytes.Run(80, 0x10);
        string path = KeyFiles.Write(_folder.File("one.key"), file);
        using TicketKey key = Assert.Single(TicketKeyFile.Read(path, TicketKeyFileFormat.Nginx80));
        string haproxy = _folder.File("haproxy.keys");

        TicketKeyFile.Write(haproxy, TicketKeyFileFormat.HAProxy, [key]);
        using TicketKey back = Assert.Single(TicketKeyFile.Read(haproxy, TicketKeyFileFormat.HAProxy));
        string nginx = _folder.File("back.key");
        TicketKeyFile.Write(nginx, TicketKeyFileFormat.Nginx80, [back]);

        Assert.Equal(3, File.ReadAllLines(haproxy).Length);
        SecretAssert.Equal(file, File.ReadAllBytes(nginx), "nginx file after a trip through HAProxy's layout");
    }

    [Theory]
    [InlineData(48, TicketKeyFileFormat.Nginx48)]
    [InlineData(80, TicketKeyFileFormat.Nginx80)]
    public void Detect_tells_nginx_files_by_size(int length, TicketKeyFileFormat expected)
    {
        string path = KeyFiles.Write(_folder.File("key"), TestBytes.Random(length));

        Assert.Equal(expected, TicketKeyFile.Detect(path));
    }

    [Fact]
    public void Detect_refuses_a_file_in_no_recognisable_layout_naming_it_and_its_size()
    {
        string path = KeyFiles.Write(_folder.File("odd.key"), TestBytes.Run(50, 0x80));

        var error = Assert.Throws<TicketKeyFileException>(() => TicketKeyFile.Detect(path));

        Assert.Contains($"'{path}' is 50 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TicketKeyFileFormat.Nginx80, 79, "is 79 bytes; nginx80 files are 80 bytes: name (16) | HMAC-SHA256 key (32) | AES-256-CBC key (32)")]
    [InlineData(TicketKeyFileFormat.Apache, 80, "is 80 bytes; apache files are 48 bytes: name (16) | HMAC-SHA256 key (16) | AES-128-CBC key (16)")]
    [InlineData(TicketKeyFileFormat.OpenSsl, 48, "is 48 bytes; openssl files are 80 bytes")]
    public void A_one_key_file_of_the_wrong_size_is_refused_with_its_path_and_byte_count(TicketKeyFileFormat format, int length, string problem)
    {
        byte[] file = TestBytes.Random(length);
        string path = KeyFiles.Write(_folder.File("bad.key"), file);

        var error = Assert.Throws<TicketKeyFileException>(() => TicketKeyFile.Read(path, format));

        Assert.Contains($"'{path}' {problem}", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.FilePath);
        AssertNoSecret(file, error.Message);
    }

    [Theory]
    [InlineData("two-lines", "holds 2 lines; haproxy files need at least 3")]
    [InlineData("not-base64", "line 2: not base64")]
    [InlineData("mixed-sizes", "line 3: a 48-byte key after 80-byte ones")]
    [InlineData("wrong-length", "line 1: decodes to 60 bytes")]
    [InlineData("repeated-name", "line 3: repeats key name")]
    public void A_bad_HAProxy_file_is_refused_naming_the_file_and_the_line(string kind, string problem)
    {
        byte[] key = TestBytes.Random(80);
        string line = Convert.ToBase64String(key);
        string[] lines = kind switch
        {
            "two-lines" => [line, Convert.ToBase64String(TestBytes.Random(80))],
            "not-base64" => [line, line[..50] + " " + line[51..], Convert.ToBase64String(TestBytes.Random(80))],
            "mixed-sizes" => [line, Convert.ToBase64String(TestBytes.Random(80)), Convert.ToBase64String(TestBytes.Random(48))],
            "wrong-length" => [Convert.ToBase64String(TestBytes.Random(60)), line, Convert.ToBase64String(TestBytes.Random(80))],
            // The last line repeats the penultimate's name with other key bytes.
            "repeated-name" => [Convert.ToBase64String(TestBytes.Random(80)), line, Convert.ToBase64String([.. key.AsSpan(0, 16), .. TestBytes.Random(64)])],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        string path = KeyFiles.Write(_folder.File("bad.keys"), Encoding.ASCII.GetBytes(string.Join("\r\n", lines) + "\r\n"));

        var error = Assert.Throws<TicketKeyFileException>(() => TicketKeyFile.Read(path, TicketKeyFileFormat.HAProxy));

        Assert.Contains($"'{path}' {problem}", error.Message, StringComparison.Ordinal);
        AssertNoSecret(key, error.Message);
    }

    [Theory]
    [InlineData(TicketKeyFileFormat.Apache, TicketCipher.Aes256Cbc, 32, "would weaken")]
    [InlineData(TicketKeyFileFormat.Nginx48, TicketCipher.Aes256Cbc, 32, "would weaken")]
    [InlineData(TicketKeyFileFormat.OpenSsl, TicketCipher.Aes128Cbc, 16, "cannot hold")]
    [InlineData(TicketKeyFileFormat.Nginx80, TicketCipher.Aes128Cbc, 16, "cannot hold")]
    [InlineData(TicketKeyFileFormat.HAProxy, TicketCipher.Aes128Cbc, 32, "would weaken")]
    public void Write_refuses_a_layout_that_would_weaken_or_cannot_hold_the_key(TicketKeyFileFormat format, TicketCipher cipher, int hmacLength, string refusal)
    {
        using TicketKey key = TicketKey.Generate(TicketKeyWindow.Unbounded, cipher, hmacLength);
        string path = _folder.File("refused.key");

        var error = Assert.Throws<ArgumentException>(() => TicketKeyFile.Write(path, format, [key]));

        Assert.Contains(refusal, error.Message, StringComparison.Ordinal);
        Assert.Contains(key.NameHex, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Write_refuses_more_keys_than_the_layout_uses()
    {
        TicketKey[] keys = [TicketKey.Generate(TicketKeyWindow.Unbounded), TicketKey.Generate(TicketKeyWindow.Unbounded), TicketKey.Generate(TicketKeyWindow.Unbounded), TicketKey.Generate(TicketKeyWindow.Unbounded)];
        try
        {
            Assert.Contains("holds one key, not 2", Assert.Throws<ArgumentException>(() => TicketKeyFile.Write(_folder.File("a"), TicketKeyFileFormat.Nginx80, keys[..2])).Message, StringComparison.Ordinal);
            Assert.Contains("uses 3 keys per file", Assert.Throws<ArgumentException>(() => TicketKeyFile.Write(_folder.File("b"), TicketKeyFileFormat.HAProxy, keys)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Array.ForEach(keys, key => key.Dispose());
        }
    }

    [Fact]
    public void A_key_folder_reports_an_HAProxy_file_in_it_and_keeps_its_other_keys()
    {
        KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddHours(-1))), TestBytes.Random(80));
        string lines = string.Join('\n', Convert.ToBase64String(TestBytes.Random(80)), Convert.ToBase64String(TestBytes.Random(80)), Convert.ToBase64String(TestBytes.Random(80)));
        string haproxy = KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddHours(-2))), Encoding.ASCII.GetBytes(lines));

        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path);

        Assert.Single(directory.Ring.Keys);
        TicketKeyFileProblem problem = Assert.Single(directory.Errors);
        Assert.Equal(haproxy, problem.Path);
        Assert.Contains("holds HAProxy tls-ticket-keys lines; a key folder holds one key per file", problem.Message, StringComparison.Ordinal);
    }

    private static void AssertHAProxyKey(TicketKey key, byte[] line, int secretLength) =>
        SecretAssert.KeyHas(key, line.AsSpan(0, 16), line.AsSpan(16, secretLength), line.AsSpan(16 + secretLength, secretLength));

    private static void AssertNoSecret(byte[] file, string message)
    {
        string hex = Convert.ToHexString(file.AsSpan(16));
        string base64 = Convert.ToBase64String(file.AsSpan(16));
        for (int start = 0; start + 16 <= hex.Length; start += 8)
        {
            Assert.DoesNotContain(hex.Substring(start, 16), message, StringComparison.OrdinalIgnoreCase);
        }

        for (int start = 0; start + 16 <= base64.Length; start += 8)
        {
            Assert.DoesNotContain(base64.Substring(start, 16), message, StringComparison.Ordinal);
        }
    }
}
