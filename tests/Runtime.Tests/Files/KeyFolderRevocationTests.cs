using System;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Tests.Support;
using Xunit;

namespace TicketKeys.Tests.Files;

/// <summary>Revocation at the source: key files removed from a fleet's folder.</summary>
public sealed class KeyFolderRevocationTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly TemporaryFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void RevokeKeyFiles_removes_every_file_holding_the_key_and_servers_drop_it_at_their_next_scan()
    {
        byte[] compromised = TestBytes.Random(80);
        string older = KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(-2))), TestBytes.Random(80));
        string newer = KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(-1))), compromised);
        string copy = KeyFiles.Write(_folder.File("spare-copy.bin"), compromised);
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);

        var removed = TicketKeyDirectory.RevokeKeyFiles(_folder.Path, compromised.AsSpan(0, 16));
        directory.Rescan();

        Assert.Equal([newer, copy], removed.Order(StringComparer.Ordinal));
        Assert.False(File.Exists(newer) || File.Exists(copy));
        Assert.Empty(Directory.EnumerateFiles(_folder.Path, ".*"));
        Assert.True(Assert.Single(directory.Ring.Keys).HasName(File.ReadAllBytes(older)[..16]));
        Assert.Equal(TicketKeyLookupResult.UnknownKey, directory.Ring.Find(compromised.AsSpan(0, 16)).Result);
    }

    [Fact]
    public void RotateAndRevokeAll_leaves_one_new_owner_only_key_file_that_servers_switch_to()
    {
        string[] old = [.. Enumerable.Range(1, 3).Select(hours =>
            KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(-hours))), TestBytes.Random(80)))];
        string staged = KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(1))), TestBytes.Random(80));
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);

        string fresh = TicketKeyDirectory.RotateAndRevokeAll(_folder.Path, _time);
        directory.Rescan();

        Assert.Equal([fresh], Directory.EnumerateFiles(_folder.Path));
        Assert.Equal(_folder.File(TicketKeyDirectory.FileNameFor(Start)), fresh);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fresh));
        }

        Assert.True(Assert.Single(directory.Ring.Keys).HasName(File.ReadAllBytes(fresh)[..16]));
        Assert.False(File.Exists(staged) || old.Any(File.Exists));
    }

    [Fact]
    public void Revoking_in_a_missing_folder_names_it()
    {
        string missing = _folder.File("missing");

        var error = Assert.Throws<TicketKeyFileException>(() => TicketKeyDirectory.RevokeKeyFiles(missing, new byte[16]));

        Assert.Contains($"'{missing}' does not exist", error.Message, StringComparison.Ordinal);
    }

    // Settling is off: RotateAndRevokeAll's file is written atomically, and the test rescans at once.
    private static TicketKeyDirectoryOptions Options() => new() { RescanInterval = TimeSpan.FromMinutes(1), SettleTime = TimeSpan.Zero };
}
