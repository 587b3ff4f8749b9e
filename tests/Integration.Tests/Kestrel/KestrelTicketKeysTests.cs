using System;
using TicketKeys.AspNetCore;
using TicketKeys.Integration.Tests.Sample;
using Xunit;

namespace TicketKeys.Integration.Tests.Kestrel;

/// <summary>Which keys a <see cref="KestrelTicketKeys"/> owns, and the options it refuses.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KestrelTicketKeysTests
{
    [Fact]
    public void Keys_read_from_files_are_disposed_with_it_and_a_ring_passed_in_is_not()
    {
        using var folder = new TemporaryFolder();
        folder.WriteKey("current.key");
        folder.WriteKey("previous.key");
        using var ring = new TicketKeyRing();
        var fromFiles = KestrelTicketKeys.Open(new TicketKeysOptions { KeyFiles = { folder.PathOf("current.key"), folder.PathOf("previous.key") } });
        var fromRing = new KestrelTicketKeys(ring);

        Assert.Equal(2, fromFiles.Ring.Keys.Count);
        Assert.NotNull(fromFiles.Ring.GetEncryptionKey());
        fromFiles.Dispose();
        fromRing.Dispose();

        Assert.Null(fromFiles.Ring.GetEncryptionKey());
        Assert.NotNull(ring.GetEncryptionKey());
    }

    [Fact]
    public void A_folder_and_files_together_are_refused()
    {
        var options = new TicketKeysOptions { KeyDirectory = "/keys", KeyFiles = { "/keys/a.key" } };

        var error = Assert.Throws<InvalidOperationException>(() => KestrelTicketKeys.Open(options));

        Assert.Equal("TicketKeys: set either TicketKeys:KeyDirectory or TicketKeys:KeyFiles, not both.", error.Message);
    }

    [Fact]
    public void A_broken_key_file_is_named_with_its_size()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("short.key");
        System.IO.File.WriteAllBytes(path, new byte[47]);
        System.IO.File.SetUnixFileMode(path, System.IO.UnixFileMode.UserRead | System.IO.UnixFileMode.UserWrite);

        var error = Assert.Throws<TicketKeyFileException>(() => KestrelTicketKeys.Open(new TicketKeysOptions { KeyFiles = { path } }));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("47 bytes", error.Message, StringComparison.Ordinal);
    }
}
