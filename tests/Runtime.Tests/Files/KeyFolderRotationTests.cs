using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Tests.Support;
using Xunit;

namespace TicketKeys.Tests.Files;

/// <summary><see cref="TicketKeyDirectory.Rotate"/>: a fleet's key folder kept by cron, on one machine or several at once.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyFolderRotationTests : IDisposable
{
    // 12:00 UTC starts a 12-hour interval counted from the Unix epoch.
    private static readonly DateTimeOffset IntervalStart = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly TemporaryFolder _folder = new();
    private readonly FakeTimeProvider _time = new(IntervalStart.AddHours(1));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Rotate_writes_the_key_of_the_current_interval_once_owner_only_and_servers_encrypt_with_it()
    {
        TicketKeyFolderRotation first = TicketKeyDirectory.Rotate(_folder.Path, time: _time);
        TicketKeyFolderRotation second = TicketKeyDirectory.Rotate(_folder.Path, time: _time);

        string expected = _folder.File("20261127T120000Z.key");
        Assert.Equal([expected], first.Written);
        Assert.Empty(second.Written);
        Assert.Equal([expected], Directory.GetFiles(_folder.Path));
        Assert.Equal(80, new FileInfo(expected).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(expected));
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, new TicketKeyDirectoryOptions { SettleTime = TimeSpan.Zero }, _time);
        Assert.True(directory.Ring.Keys[0].HasName(File.ReadAllBytes(expected)[..16]));
    }

    [Fact]
    public void Prestage_keeps_the_next_intervals_key_in_place_which_decrypts_now_and_encrypts_from_its_start()
    {
        TicketKeyDirectory.Rotate(_folder.Path, prestage: true, time: _time);
        string current = _folder.File("20261127T120000Z.key");
        string next = _folder.File("20261128T000000Z.key");
        byte[] nextName = File.ReadAllBytes(next)[..16];
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, new TicketKeyDirectoryOptions { SettleTime = TimeSpan.Zero }, _time);

        Assert.Equal([current, next], Directory.GetFiles(_folder.Path).Order(StringComparer.Ordinal));
        Assert.True(directory.Ring.GetEncryptionKey()!.HasName(File.ReadAllBytes(current)[..16]));
        Assert.NotEqual(TicketKeyLookupResult.UnknownKey, directory.Ring.Find(nextName).Result);

        _time.Advance(TimeSpan.FromHours(12));
        TicketKeyFolderRotation later = TicketKeyDirectory.Rotate(_folder.Path, prestage: true, time: _time);
        directory.Rescan();

        Assert.Equal([_folder.File("20261128T120000Z.key")], later.Written);
        Assert.True(directory.Ring.GetEncryptionKey()!.HasName(nextName));
    }

    [Fact]
    public void Rotate_removes_keys_past_the_policys_lifetime_and_beyond_the_number_kept()
    {
        string[] files = [.. new[] { -48, -36, -24, -12, 0 }.Select(hours =>
            KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(IntervalStart.AddHours(hours))), TestBytes.Random(80)))];
        string prestaged = KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(IntervalStart.AddHours(12))), TestBytes.Random(80));

        // Default policy: 12-hour interval, 36-hour lifetime, so 3 started keys kept.
        TicketKeyFolderRotation byLifetime = TicketKeyDirectory.Rotate(_folder.Path, time: _time);
        TicketKeyFolderRotation byCount = TicketKeyDirectory.Rotate(_folder.Path, keep: 1, time: _time);

        Assert.Empty(byLifetime.Written);
        Assert.Equal([files[0], files[1]], byLifetime.Removed.Order(StringComparer.Ordinal));
        Assert.Equal([files[2], files[3]], byCount.Removed.Order(StringComparer.Ordinal));
        Assert.Equal([files[4], prestaged], Directory.GetFiles(_folder.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Concurrent_runs_against_one_folder_write_each_key_once_whole_and_remove_each_old_key_once()
    {
        string[] expired = [.. new[] { -72, -60, -48 }.Select(hours =>
            KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(IntervalStart.AddHours(hours))), TestBytes.Random(80)))];
        const int Runners = 8;
        using var start = new Barrier(Runners);

        TicketKeyFolderRotation[] runs = await Task.WhenAll(Enumerable.Range(0, Runners).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return TicketKeyDirectory.Rotate(_folder.Path, prestage: true, time: _time);
            },
            TaskCreationOptions.LongRunning)));

        string[] written = [.. runs.SelectMany(run => run.Written).Order(StringComparer.Ordinal)];
        Assert.Equal([_folder.File("20261127T120000Z.key"), _folder.File("20261128T000000Z.key")], written);
        Assert.Equal(expired, runs.SelectMany(run => run.Removed).Order(StringComparer.Ordinal));
        Assert.Equal(written, Directory.GetFiles(_folder.Path).Order(StringComparer.Ordinal));
        Assert.All(written, path => Assert.Equal(80, new FileInfo(path).Length));
        Assert.Empty(Directory.EnumerateFiles(_folder.Path, ".*"));
    }

    [Fact]
    public void Rotate_refuses_to_keep_no_key_and_names_a_missing_folder()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketKeyDirectory.Rotate(_folder.Path, keep: 0, time: _time));
        string missing = _folder.File("missing");
        Assert.Contains(missing, Assert.Throws<TicketKeyFileException>(() => TicketKeyDirectory.Rotate(missing, time: _time)).Message, StringComparison.Ordinal);
    }
}
