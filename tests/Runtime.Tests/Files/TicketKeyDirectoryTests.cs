using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Tests.Support;
using Xunit;

namespace TicketKeys.Tests.Files;

public sealed class TicketKeyDirectoryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TicketKeyRotationPolicy.MaxKeyLifetime;

    private readonly TemporaryFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly ConcurrentQueue<TicketKeyFileProblem> _rejected = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void FileNameFor_gives_the_UTC_timestamp_to_the_second()
    {
        Assert.Equal("20261127T171100Z.key", TicketKeyDirectory.FileNameFor(new DateTimeOffset(2026, 11, 27, 17, 11, 0, TimeSpan.Zero)));
        Assert.Equal("20261127T171100Z.key", TicketKeyDirectory.FileNameFor(new DateTimeOffset(2026, 11, 27, 19, 11, 0, 500, TimeSpan.FromHours(2))));
    }

    [Fact]
    public void Open_refuses_a_missing_folder_naming_it()
    {
        string missing = _folder.File("missing");

        var error = Assert.Throws<TicketKeyFileException>(() => TicketKeyDirectory.Open(missing));

        Assert.Equal(missing, error.FilePath);
        Assert.Contains($"'{missing}' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_refuses_a_folder_without_a_valid_key_naming_it_and_its_problems()
    {
        string bad = WriteKeyFile(TicketKeyDirectory.FileNameFor(Start), 47);

        var error = Assert.Throws<TicketKeyFileException>(() => TicketKeyDirectory.Open(_folder.Path, Options(), _time));

        Assert.Equal(_folder.Path, error.FilePath);
        Assert.Contains($"'{_folder.Path}' holds no valid key file", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{bad}' is 47 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_are_ordered_by_the_timestamp_in_their_name_not_by_modification_time()
    {
        string older = WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddHours(-2)));
        string newer = WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddHours(-1)));
        File.SetLastWriteTimeUtc(older, Start.UtcDateTime);
        File.SetLastWriteTimeUtc(newer, Start.AddDays(-3).UtcDateTime);

        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);

        TicketKey[] keys = [.. directory.Ring.Keys];
        Assert.Equal(2, keys.Length);
        Assert.True(keys[0].HasName(NameOf(newer)), "The newer name is not first.");
        Assert.True(keys[1].HasName(NameOf(older)), "The older name is not second.");
        Assert.Same(keys[0], directory.Ring.GetEncryptionKey());
        Assert.Equal(new TicketKeyWindow(Start.AddHours(-1), Start.AddHours(-1) + Lifetime, Start.AddHours(-1) + Lifetime), keys[0].Window);
        Assert.Equal(new TicketKeyWindow(Start.AddHours(-2), Start.AddHours(-1), Start.AddHours(-2) + Lifetime), keys[1].Window);
        Assert.Equal(TicketKeyLookupResult.Renew, directory.Ring.Find(keys[1].Name).Result);
        Assert.Empty(directory.Errors);
    }

    [Fact]
    public void A_suffix_after_the_timestamp_is_allowed_and_equal_timestamps_are_ordered_by_name()
    {
        string b = WriteKeyFile("20261127T110000Z-b.key");
        string a = WriteKeyFile("20261127T110000Z-a.key");
        string plain = WriteKeyFile("20261127T100000Z");

        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);

        TicketKey[] keys = [.. directory.Ring.Keys];
        Assert.Equal(3, keys.Length);
        Assert.True(keys[0].HasName(NameOf(a)), "-a is not first.");
        Assert.True(keys[1].HasName(NameOf(b)), "-b is not second.");
        Assert.True(keys[2].HasName(NameOf(plain)), "The suffix-less name is not last.");
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 11, 0, 0, TimeSpan.Zero), keys[1].Window.NotBefore);
    }

    [Fact]
    public void A_pre_staged_key_decrypts_at_once_and_encrypts_from_its_timestamp_on()
    {
        string current = WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddHours(-1)));
        string staged = WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddHours(1)));

        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);

        TicketKey stagedKey = directory.Ring.Keys[0];
        Assert.True(stagedKey.HasName(NameOf(staged)), "The pre-staged key is not first.");
        Assert.True(directory.Ring.GetEncryptionKey()!.HasName(NameOf(current)), "The current key does not encrypt.");
        TicketKeyLookup early = directory.Ring.Find(stagedKey.Name);
        Assert.Equal(TicketKeyLookupResult.Renew, early.Result);
        Assert.Same(stagedKey, early.Key);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Same(stagedKey, directory.Ring.GetEncryptionKey());
        Assert.Equal(TicketKeyLookupResult.Resume, directory.Ring.Find(stagedKey.Name).Result);
    }

    [Fact]
    public void Bad_files_are_reported_and_skipped_while_good_keys_stay_and_temporary_files_are_ignored()
    {
        string good = WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddHours(-1)));
        string halfWritten = WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddMinutes(-30)), 30);
        string tooLong = WriteKeyFile("20261127T113000Z-big.key", 100);
        string unnamed = WriteKeyFile("current.key");
        string twin = _folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(-2)));
        File.Copy(good, twin);
        WriteKeyFile(".hidden.key");
        WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddMinutes(-10)) + ".tmp");
        WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddMinutes(-10)) + "~");

        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);

        TicketKey key = Assert.Single(directory.Ring.Keys);
        Assert.True(key.HasName(NameOf(good)), "The good key is not in the ring.");
        Assert.Equal(
            new[] { halfWritten, tooLong, twin, unnamed }.Order(StringComparer.Ordinal),
            directory.Errors.Select(problem => problem.Path).Order(StringComparer.Ordinal));
        Assert.Equal(directory.Errors.ToHashSet(), _rejected.ToHashSet());
        Assert.Contains($"'{halfWritten}' is 30 bytes", Message(directory, halfWritten), StringComparison.Ordinal);
        Assert.Contains($"'{tooLong}' is 100 bytes", Message(directory, tooLong), StringComparison.Ordinal);
        Assert.Contains("does not start with a UTC timestamp", Message(directory, unnamed), StringComparison.Ordinal);
        Assert.Contains($"same key name as '{Path.GetFileName(good)}'", Message(directory, twin), StringComparison.Ordinal);
    }

    [Fact]
    public void A_problem_is_reported_once_but_stays_in_Errors_while_it_lasts()
    {
        WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddHours(-1)));
        string bad = WriteKeyFile(TicketKeyDirectory.FileNameFor(Start), 10);
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);

        directory.Rescan();
        directory.Rescan();

        Assert.Equal(bad, Assert.Single(_rejected).Path);
        Assert.Equal(bad, Assert.Single(directory.Errors).Path);

        File.Delete(bad);
        directory.Rescan();

        Assert.Empty(directory.Errors);
    }

    [Fact]
    public void A_scan_that_finds_only_bad_files_keeps_the_previous_keys()
    {
        string good = WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddHours(-1)));
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);
        TicketKey key = directory.Ring.Keys[0];
        File.Delete(good);
        string bad = WriteKeyFile(TicketKeyDirectory.FileNameFor(Start), 79);

        directory.Rescan();

        Assert.Same(key, Assert.Single(directory.Ring.Keys));
        Assert.False(key.IsDisposed);
        Assert.Same(key, directory.Ring.GetEncryptionKey());
        Assert.Contains(directory.Errors, problem => problem.Path == bad);
        Assert.Contains(directory.Errors, problem => problem.Path == _folder.Path && problem.Message.Contains("stay in force", StringComparison.Ordinal));

        string fixedFile = WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddMinutes(-1)));
        directory.Rescan();

        Assert.True(Assert.Single(directory.Ring.Keys).HasName(NameOf(fixedFile)), "The new good key did not replace the old one.");
        Assert.True(key.IsDisposed);
    }

    [Fact]
    public void A_vanished_folder_keeps_the_previous_keys_and_is_reported()
    {
        string keys = _folder.File("keys");
        Directory.CreateDirectory(keys);
        KeyFiles.Write(Path.Combine(keys, TicketKeyDirectory.FileNameFor(Start)), TestBytes.Random(80));
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(keys, Options(), _time);
        TicketKey key = directory.Ring.Keys[0];
        Directory.Delete(keys, recursive: true);

        directory.Rescan();

        Assert.Same(key, Assert.Single(directory.Ring.Keys));
        Assert.False(key.IsDisposed);
        Assert.Contains(directory.Errors, problem => problem.Path == keys && problem.Message.Contains("cannot be listed", StringComparison.Ordinal));
    }

    [Fact]
    public void The_periodic_rescan_picks_up_a_new_file()
    {
        WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddHours(-1)));
        // The watcher's scans wait for fake time too; a long delay keeps them out of this test.
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(
            _folder.Path, Options(rescan: TimeSpan.FromSeconds(30), changeDelay: TimeSpan.FromHours(1)), _time);
        string added = WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddMinutes(-1)));

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Single(directory.Ring.Keys);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, directory.Ring.Keys.Count);
        Assert.True(directory.Ring.GetEncryptionKey()!.HasName(NameOf(added)), "The new key does not encrypt.");
    }

    [Fact]
    public async Task The_watcher_picks_up_a_new_file_without_waiting_for_the_rescan()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        WriteKeyFile(TicketKeyDirectory.FileNameFor(now.AddHours(-1)));
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(
            _folder.Path, Options(rescan: TimeSpan.FromHours(1), changeDelay: TimeSpan.FromMilliseconds(50)));
        using TicketKey added = TicketKey.Generate(TicketKeyWindow.Unbounded);

        NginxTicketKeyFile.Write(_folder.File(TicketKeyDirectory.FileNameFor(now.AddMinutes(-1))), added);

        var clock = Stopwatch.StartNew();
        while (directory.Ring.Keys.Count < 2 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Equal(2, directory.Ring.Keys.Count);
        Assert.True(directory.Ring.GetEncryptionKey()!.HasName(added.Name), "The new key does not encrypt.");
    }

    [Fact]
    public void Unchanged_files_keep_their_key_instance_and_changed_contents_give_a_new_one()
    {
        string path = WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddHours(-1)));
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);
        TicketKey key = directory.Ring.Keys[0];

        directory.Rescan();
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(1)); // periodic rescans
        directory.Rescan();

        Assert.Same(key, Assert.Single(directory.Ring.Keys));
        Assert.False(key.IsDisposed);

        byte[] replaced = TestBytes.Random(80);
        KeyFiles.Write(path, replaced);
        directory.Rescan();

        TicketKey changed = Assert.Single(directory.Ring.Keys);
        Assert.NotSame(key, changed);
        Assert.True(key.IsDisposed);
        Assert.True(changed.HasName(replaced.AsSpan(0, 16)), "The changed file's key is not in the ring.");
    }

    [Fact]
    public async Task Concurrent_rescans_while_files_arrive_leave_one_consistent_key_set()
    {
        WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddHours(-1)));
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);
        using var stop = new CancellationTokenSource();
        Task[] scanners = [.. Enumerable.Range(0, 3).Select(_ => Task.Factory.StartNew(
            () =>
            {
                // Checking the ring's keys here would race with the other scanners' swaps; the end state is checked below.
                while (!stop.IsCancellationRequested)
                {
                    directory.Rescan();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default))];

        for (int minute = 1; minute <= 20; minute++)
        {
            using TicketKey key = TicketKey.Generate(TicketKeyWindow.Unbounded);
            NginxTicketKeyFile.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddMinutes(-minute))), key);
        }

        await stop.CancelAsync();
        await Task.WhenAll(scanners).WaitAsync(TimeSpan.FromSeconds(30));
        directory.Rescan();

        Assert.Equal(21, directory.Ring.Keys.Count);
        Assert.Equal(21, directory.Ring.Keys.Select(key => key.NameHex).Distinct().Count());
        Assert.All(directory.Ring.Keys, key => Assert.False(key.IsDisposed));
        Assert.Empty(directory.Errors);
    }

    [Fact]
    public void A_newer_key_shortens_the_renewal_of_the_one_before_it()
    {
        WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddHours(-1)));
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);

        WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddMinutes(-1)));
        directory.Rescan();

        Assert.Equal(Start.AddMinutes(-1), directory.Ring.Keys[1].Window.RenewAfter);
        Assert.Equal(TicketKeyLookupResult.Renew, directory.Ring.Find(directory.Ring.Keys[1].Name).Result);
    }

    [Fact]
    public void Expired_keys_are_left_out()
    {
        WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddDays(-2)));
        string current = WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddHours(-1)));

        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(lifetime: TimeSpan.FromDays(1)), _time);

        TicketKey key = Assert.Single(directory.Ring.Keys);
        Assert.True(key.HasName(NameOf(current)), "The current key is not the one kept.");
        Assert.Equal(Start.AddHours(23), key.Window.NotAfter);
        Assert.Empty(directory.Errors);
    }

    [Theory]
    [InlineData(0, 7 * 24 * 60, 0)]
    [InlineData(30, 0, 0)]
    [InlineData(30, 7 * 24 * 60 + 1, 0)]
    [InlineData(30, 60, -1)]
    public void Out_of_range_options_are_refused(int rescanSeconds, int lifetimeMinutes, int changeDelayMilliseconds)
    {
        WriteKeyFile(TicketKeyDirectory.FileNameFor(Start));
        var options = new TicketKeyDirectoryOptions
        {
            RescanInterval = TimeSpan.FromSeconds(rescanSeconds),
            KeyLifetime = TimeSpan.FromMinutes(lifetimeMinutes),
            ChangeDelay = TimeSpan.FromMilliseconds(changeDelayMilliseconds),
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => TicketKeyDirectory.Open(_folder.Path, options, _time));
    }

    [Fact]
    public void Dispose_stops_scanning_and_disposes_the_keys()
    {
        WriteKeyFile(TicketKeyDirectory.FileNameFor(Start));
        TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);
        TicketKey key = directory.Ring.Keys[0];

        directory.Dispose();
        WriteKeyFile(TicketKeyDirectory.FileNameFor(Start.AddMinutes(1)));
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(key.IsDisposed);
        Assert.Empty(directory.Ring.Keys);
        Assert.Throws<ObjectDisposedException>(directory.Rescan);
        directory.Dispose();
    }

    private static string Message(TicketKeyDirectory directory, string path) =>
        directory.Errors.Single(problem => problem.Path == path).Message;

    private static byte[] NameOf(string path) => File.ReadAllBytes(path)[..16];

    private TicketKeyDirectoryOptions Options(TimeSpan? rescan = null, TimeSpan? changeDelay = null, TimeSpan? lifetime = null) => new()
    {
        RescanInterval = rescan ?? TimeSpan.FromSeconds(30),
        ChangeDelay = changeDelay ?? TimeSpan.FromMilliseconds(250),
        KeyLifetime = lifetime ?? Lifetime,
        SettleTime = TimeSpan.Zero,
        Rejected = _rejected.Enqueue,
    };

    private string WriteKeyFile(string fileName, int length = 80)
    {
        string path = _folder.File(fileName);
        KeyFiles.Write(path, TestBytes.Random(length));
        return path;
    }
}
