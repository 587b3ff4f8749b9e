using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Tests.Support;
using Xunit;

namespace TicketKeys.Tests.Files;

/// <summary>Key folders under transient failures, planted files, loose permissions and runaway contents.</summary>
public sealed class KeyDirectoryRobustnessTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly TemporaryFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly ConcurrentQueue<TicketKeyFileProblem> _rejected = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_file_caught_half_rewritten_keeps_its_last_good_key_while_other_files_are_fine()
    {
        string older = KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(-2))), TestBytes.Random(80));
        string newer = KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(-1))), TestBytes.Random(80));
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);
        TicketKey before = directory.Ring.Keys.Single(key => key.HasName(NameOf(newer)));

        KeyFiles.Write(newer, TestBytes.Random(47));
        directory.Rescan();

        Assert.Contains(before, directory.Ring.Keys);
        Assert.Same(before, directory.Ring.GetEncryptionKey());
        Assert.Equal(2, directory.Ring.Keys.Count);
        Assert.Contains(directory.Errors, problem => problem.Path == newer && problem.Message.Contains("47 bytes", StringComparison.Ordinal));
        Assert.True(File.Exists(older));
    }

    [Fact]
    public async Task A_FIFO_in_the_folder_is_refused_without_blocking_the_scan()
    {
        string good = KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(-1))), TestBytes.Random(80));
        string fifo = _folder.File(TicketKeyDirectory.FileNameFor(Start.AddMinutes(-30)));
        using (Process mkfifo = Process.Start("mkfifo", ["-m", "600", fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        Task<TicketKeyDirectory> opening = Task.Run(() => TicketKeyDirectory.Open(_folder.Path, Options(), _time));
        try
        {
            // Not a performance bound: a blocked open() never returns, and this keeps the test run from hanging with it.
            using TicketKeyDirectory directory = await opening.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(Assert.Single(directory.Ring.Keys).HasName(NameOf(good)));
            Assert.Contains(directory.Errors, problem => problem.Path == fifo && problem.Message.Contains("not a regular file", StringComparison.Ordinal));
        }
        finally
        {
            if (!opening.IsCompleted)
            {
                // Release the scanner stuck in open(): a writer makes it return.
                using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            }
        }
    }

    [Fact]
    public void A_new_file_caught_while_being_written_is_not_read_until_it_settles()
    {
        string good = KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(-2))), TestBytes.Random(80));
        var options = new TicketKeyDirectoryOptions { Rejected = _rejected.Enqueue };
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, options, _time);

        // The first 48 bytes of an 80-byte file: they would parse as an AES-128 key with the wrong layout.
        string partial = _folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(-1)));
        KeyFiles.Write(partial, TestBytes.Random(48));
        File.SetLastWriteTimeUtc(partial, DateTime.UtcNow);
        directory.Rescan();

        Assert.True(Assert.Single(directory.Ring.Keys).HasName(NameOf(good)), "a file still being written was read");
        Assert.Contains(directory.Errors, problem => problem.Path == partial && problem.Message.Contains("settle", StringComparison.Ordinal));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void A_key_file_readable_by_others_is_refused_with_the_chmod_that_fixes_it()
    {
        string good = KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(-2))), TestBytes.Random(80));
        string loose = KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(-1))), TestBytes.Random(80));
        File.SetUnixFileMode(loose, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);

        Assert.True(Assert.Single(directory.Ring.Keys).HasName(NameOf(good)), "a key file readable by others was used");
        Assert.Contains(directory.Errors, problem => problem.Path == loose
            && problem.Message.Contains("mode 0644", StringComparison.Ordinal)
            && problem.Message.Contains($"chmod 600 '{loose}'", StringComparison.Ordinal));
        var error = Assert.Throws<TicketKeyFileException>(() => NginxTicketKeyFile.Read(loose));
        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void A_key_folder_writable_by_others_is_refused_with_the_chmod_that_fixes_it()
    {
        KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(-1))), TestBytes.Random(80));
        File.SetUnixFileMode(_folder.Path, (UnixFileMode)Convert.ToInt32("777", 8));

        var error = Assert.Throws<TicketKeyFileException>(() => TicketKeyDirectory.Open(_folder.Path, Options(), _time));

        Assert.Equal(_folder.Path, error.FilePath);
        Assert.Contains("writable by group or others (mode 0777)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod go-w '{_folder.Path}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_named_for_the_far_future_is_skipped_instead_of_decrypting_until_then()
    {
        string good = KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddHours(-1))), TestBytes.Random(80));
        string farFuture = KeyFiles.Write(_folder.File("29991231T000000Z.key"), TestBytes.Random(80));

        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);

        Assert.True(Assert.Single(directory.Ring.Keys).HasName(NameOf(good)), "a far-future key entered the ring");
        Assert.Contains(directory.Errors, problem => problem.Path == farFuture && problem.Message.Contains("more than 7 days ahead", StringComparison.Ordinal));
    }

    [Fact]
    public void A_folder_of_thousands_of_files_gives_the_ring_the_newest_64_keys_and_reports_the_rest()
    {
        string[] paths = [.. Enumerable.Range(1, 200).Select(minutes =>
            KeyFiles.Write(_folder.File(TicketKeyDirectory.FileNameFor(Start.AddMinutes(-minutes))), TestBytes.Random(80)))];

        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder.Path, Options(), _time);

        Assert.Equal(64, directory.Ring.Keys.Count);
        Assert.True(directory.Ring.Keys[0].HasName(NameOf(paths[0])), "the newest key is not first");
        Assert.Equal(200 - 64, directory.Errors.Count(problem => problem.Message.Contains("more than 64 usable keys", StringComparison.Ordinal)));
    }

    private static byte[] NameOf(string path) => File.ReadAllBytes(path)[..16];

    private TicketKeyDirectoryOptions Options() => new()
    {
        RescanInterval = TimeSpan.FromMinutes(1),
        Rejected = _rejected.Enqueue,
    };
}
