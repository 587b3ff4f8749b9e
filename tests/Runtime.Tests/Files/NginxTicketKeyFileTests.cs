using System;
using System.IO;
using System.Runtime.Versioning;
using TicketKeys.Tests.Support;
using Xunit;

namespace TicketKeys.Tests.Files;

public sealed class NginxTicketKeyFileTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_48_byte_file_is_name_then_AES_128_key_then_16_byte_HMAC_key_and_round_trips()
    {
        byte[] name = TestBytes.Run(16, 0x00);
        byte[] aesKey = TestBytes.Run(16, 0x40);
        byte[] hmacKey = TestBytes.Run(16, 0x80);
        byte[] file = [.. name, .. aesKey, .. hmacKey];
        string path = _folder.File("nginx48.key");
        KeyFiles.Write(path, file);

        using TicketKey key = NginxTicketKeyFile.Read(path);

        Assert.Equal(TicketCipher.Aes128Cbc, key.Cipher);
        DateTimeOffset modified = File.GetLastWriteTimeUtc(path);
        Assert.Equal(new TicketKeyWindow(modified, modified.AddDays(7), modified.AddDays(7)), key.Window);
        SecretAssert.KeyHas(key, name, aesKey, hmacKey);
        string copy = _folder.File("copy48.key");
        NginxTicketKeyFile.Write(copy, key);
        SecretAssert.Equal(file, File.ReadAllBytes(copy), "Written 48-byte file");
    }

    [Fact]
    public void An_80_byte_file_is_name_then_32_byte_HMAC_key_then_AES_256_key_and_round_trips()
    {
        byte[] name = TestBytes.Run(16, 0x00);
        byte[] hmacKey = TestBytes.Run(32, 0x80);
        byte[] aesKey = TestBytes.Run(32, 0x40);
        byte[] file = [.. name, .. hmacKey, .. aesKey];
        string path = _folder.File("nginx80.key");
        KeyFiles.Write(path, file);

        using TicketKey key = NginxTicketKeyFile.Read(path);

        Assert.Equal(TicketCipher.Aes256Cbc, key.Cipher);
        SecretAssert.KeyHas(key, name, aesKey, hmacKey);
        string copy = _folder.File("copy80.key");
        NginxTicketKeyFile.Write(copy, key);
        SecretAssert.Equal(file, File.ReadAllBytes(copy), "Written 80-byte file");
    }

    [Theory]
    [InlineData(16, 48)]
    [InlineData(32, 80)]
    public void Write_lays_out_a_created_key_as_nginx_does(int aesLength, int fileLength)
    {
        byte[] name = TestBytes.Run(16, 0x00);
        byte[] aesKey = TestBytes.Run(aesLength, 0x40);
        byte[] hmacKey = TestBytes.Run(aesLength, 0x80);
        using TicketKey key = TicketKey.Create(name, aesKey, hmacKey, TicketKeyWindow.Unbounded);
        byte[] expected = fileLength == 48 ? [.. name, .. aesKey, .. hmacKey] : [.. name, .. hmacKey, .. aesKey];
        string path = _folder.File("written.key");

        NginxTicketKeyFile.Write(path, key);

        byte[] written = File.ReadAllBytes(path);
        Assert.Equal(fileLength, written.Length);
        SecretAssert.Equal(expected, written, "Written file");
        Assert.Equal(path, Assert.Single(Directory.GetFiles(_folder.Path)));
    }

    [Fact]
    public void Read_with_a_window_gives_the_key_that_window()
    {
        var window = new TicketKeyWindow(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), DateTimeOffset.UnixEpoch.AddDays(2));
        string path = _folder.File("windowed.key");
        KeyFiles.Write(path, TestBytes.Random(80));

        using TicketKey key = NginxTicketKeyFile.Read(path, window);

        Assert.Equal(window, key.Window);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(47)]
    [InlineData(49)]
    [InlineData(79)]
    [InlineData(81)]
    [InlineData(100)]
    [InlineData(4096)]
    public void A_file_of_another_size_is_refused_naming_the_path_and_byte_count(int length)
    {
        string path = _folder.File($"bad-{length}.key");
        KeyFiles.Write(path, TestBytes.Random(length));

        var error = Assert.Throws<TicketKeyFileException>(() => NginxTicketKeyFile.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"is {length} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("48 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("80 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_names_the_source_and_byte_count()
    {
        var error = Assert.Throws<TicketKeyFileException>(
            () => NginxTicketKeyFile.Parse(new byte[64], "secret-store:web/ticket", TicketKeyWindow.Unbounded));

        Assert.Contains("'secret-store:web/ticket' is 64 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_naming_the_path()
    {
        string path = _folder.File("missing.key");

        var error = Assert.Throws<TicketKeyFileException>(() => NginxTicketKeyFile.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(error.InnerException);
    }

    [Fact]
    public void A_file_in_a_missing_folder_is_refused_naming_the_path()
    {
        string path = _folder.File(Path.Combine("nowhere", "missing.key"));

        var error = Assert.Throws<TicketKeyFileException>(() => NginxTicketKeyFile.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_path_is_refused_naming_it()
    {
        // A folder where a file is expected: unreadable as a file for every user, root included (mode bits are not).
        string path = _folder.File("folder.key");
        Directory.CreateDirectory(path);

        var error = Assert.Throws<TicketKeyFileException>(() => NginxTicketKeyFile.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Write_leaves_a_file_only_its_owner_can_read_even_when_replacing_a_readable_one()
    {
        string path = _folder.File("mode.key");
        KeyFiles.Write(path, new byte[10]);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using TicketKey key = TicketKey.Generate(TicketKeyWindow.Unbounded);

        NginxTicketKeyFile.Write(path, key);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(80, new FileInfo(path).Length);
    }

    [Theory]
    [InlineData(TicketCipher.Aes256Cbc, 64)]
    [InlineData(TicketCipher.Aes256Cbc, 48)]
    [InlineData(TicketCipher.Aes128Cbc, 32)]
    public void Write_refuses_a_key_that_has_no_nginx_layout(TicketCipher cipher, int hmacLength)
    {
        using TicketKey key = TicketKey.Generate(TicketKeyWindow.Unbounded, cipher, hmacLength);
        string path = _folder.File("refused.key");

        var error = Assert.Throws<ArgumentException>(() => NginxTicketKeyFile.Write(path, key));

        Assert.Equal("key", error.ParamName);
        Assert.Contains($"{hmacLength}-byte HMAC key", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void Write_refuses_a_disposed_key()
    {
        TicketKey key = TicketKey.Generate(TicketKeyWindow.Unbounded);
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => NginxTicketKeyFile.Write(_folder.File("disposed.key"), key));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void Write_into_a_missing_folder_fails_naming_the_path_and_leaves_nothing()
    {
        string path = _folder.File(Path.Combine("nowhere", "new.key"));
        using TicketKey key = TicketKey.Generate(TicketKeyWindow.Unbounded);

        var error = Assert.Throws<TicketKeyFileException>(() => NginxTicketKeyFile.Write(path, key));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }
}
