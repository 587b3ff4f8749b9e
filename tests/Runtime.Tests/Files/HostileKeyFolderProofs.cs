using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace TicketKeys.Tests.Files;

/// <summary>
/// Property: whatever lands in a key folder (random and truncated files, wrong sizes, loose modes, files still being
/// written, symlink loops, FIFOs, a folder opened to others, the folder deleted, then recreated), a scan never throws or
/// blocks, every problem names its file, the last good key stays in force, and no key comes from a file that was not a
/// settled, owner-only 48- or 80-byte file.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class HostileKeyFolderProofs : IDisposable
{
    /// <summary>Folder changes tried in CI; <c>TICKETKEYS_PROOF_FILES</c> tries more by hand.</summary>
    private const int DefaultChanges = 300;

    private const int Slots = 6;

    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly int[] Lengths = [0, 1, 16, 47, 48, 49, 79, 80, 81, 4096];

    private readonly ITestOutputHelper _output;
    private readonly TemporaryFolder _parent = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly string _folder;
    private readonly byte[] _good = TestBytes.Random(80);

    public HostileKeyFolderProofs(ITestOutputHelper output)
    {
        _output = output;
        _folder = _parent.File("keys");
    }

    private enum Change
    {
        Write,
        Truncate,
        Delete,
        SymlinkLoop,
        Fifo,
        OpenFolderToOthers,
        DeleteFolder,
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        _parent.Dispose();
    }

    [Fact]
    public void Hostile_changes_to_a_key_folder_never_cost_the_last_good_key_nor_bring_in_a_bad_one()
    {
        CreateFolderWithGoodKey();
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder, new TicketKeyDirectoryOptions { RescanInterval = TimeSpan.FromHours(1) }, _time);
        var acceptable = new HashSet<string>(StringComparer.Ordinal) { Convert.ToHexString(_good, 0, 16) };
        var tried = new Dictionary<Change, int>();
        int changes = int.TryParse(Environment.GetEnvironmentVariable("TICKETKEYS_PROOF_FILES"), out int requested) ? requested : DefaultChanges;

        Gen.Select(Gen.Enum<Change>(), Gen.Int[0, Slots - 1], Gen.Int[0, Lengths.Length], Gen.Int[0, 3], Gen.Bool).Sample(
            change =>
            {
                string path = Path.Combine(_folder, TicketKeyDirectory.FileNameFor(Start.AddMinutes(-1 - change.Item2)));
                Apply(change.Item1, path, change.Item3, change.Item4, change.Item5, acceptable);
                tried[change.Item1] = tried.GetValueOrDefault(change.Item1) + 1;

                directory.Rescan();

                Assert.Contains(directory.Ring.Keys, key => key.HasName(_good.AsSpan(0, 16)));
                Assert.All(directory.Ring.Keys, key => Assert.Contains(key.NameHex, acceptable));
                Assert.All(directory.Errors, problem => Assert.Contains($"'{problem.Path}'", problem.Message, StringComparison.Ordinal));
            },
            iter: changes,
            threads: 1);

        _output.WriteLine($"Hostile key folder: {tried.Values.Sum()} changes tried, last good key never lost: "
            + string.Join(", ", tried.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} {pair.Value}")));
        Assert.Equal(Enum.GetValues<Change>().Length, tried.Count);
    }

    [Fact]
    public async Task A_file_rewritten_in_two_steps_while_scans_run_never_gives_a_key_with_the_wrong_layout()
    {
        CreateFolderWithGoodKey();
        using TicketKeyDirectory directory = TicketKeyDirectory.Open(_folder, new TicketKeyDirectoryOptions { RescanInterval = TimeSpan.FromHours(1) }, _time);
        string path = Path.Combine(_folder, TicketKeyDirectory.FileNameFor(Start.AddMinutes(-1)));
        using var stop = new CancellationTokenSource();
        int rewrites = 0;
        Task writer = Task.Factory.StartNew(
            () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    // Not atomic: an 80-byte file whose first 48 bytes would parse as an AES-128 key.
                    using (var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
                    {
                        byte[] contents = TestBytes.Random(80);
                        stream.Write(contents, 0, 48);
                        stream.Flush();
                        stream.Write(contents, 48, 32);
                    }

                    Interlocked.Increment(ref rewrites);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        int scans = 0;
        for (; scans < 300 || Volatile.Read(ref rewrites) < 10; scans++)
        {
            directory.Rescan();
            Assert.All(directory.Ring.Keys, key => Assert.Equal(TicketCipher.Aes256Cbc, key.Cipher));
            Assert.Contains(directory.Ring.Keys, key => key.HasName(_good.AsSpan(0, 16)));
        }

        await stop.CancelAsync();
        await writer;
        _output.WriteLine($"Rewritten while scanned: {rewrites} two-step rewrites, {scans} scans, no AES-128 key from an 80-byte file.");
    }

    private static void Run(string command, params string[] arguments)
    {
        using Process process = Process.Start(command, arguments);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private void CreateFolderWithGoodKey()
    {
        Directory.CreateDirectory(_folder);
        File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        KeyFiles.Write(Path.Combine(_folder, TicketKeyDirectory.FileNameFor(Start.AddHours(-1))), _good);
    }

    private void Apply(Change change, string path, int lengthChoice, int modeChoice, bool settled, HashSet<string> acceptable)
    {
        // Undo the previous step's open or deleted folder, so that each change is judged on its own.
        if (!Directory.Exists(_folder))
        {
            CreateFolderWithGoodKey();
        }

        File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        switch (change)
        {
            case Change.Write:
            {
                Remove(path);
                byte[] contents = TestBytes.Random(lengthChoice < Lengths.Length ? Lengths[lengthChoice] : Random.Shared.Next(0, 200));
                KeyFiles.Write(path, contents);
                UnixFileMode[] modes = [UnixFileMode.UserRead | UnixFileMode.UserWrite, (UnixFileMode)Convert.ToInt32("644", 8), (UnixFileMode)Convert.ToInt32("666", 8), UnixFileMode.UserRead];
                File.SetUnixFileMode(path, modes[modeChoice]);
                if (!settled)
                {
                    File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
                }

                bool ownerOnly = modeChoice is 0 or 3;
                if (ownerOnly && settled && contents.Length is 48 or 80)
                {
                    acceptable.Add(Convert.ToHexString(contents, 0, 16));
                }

                break;
            }

            case Change.Truncate when IsRegularFile(path):
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
                {
                    stream.SetLength(stream.Length / 2);
                }

                if (!settled)
                {
                    File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
                }

                break;
            case Change.Truncate or Change.Delete:
                Remove(path);
                break;
            case Change.SymlinkLoop:
                Remove(path);
                File.CreateSymbolicLink(path, path);
                break;
            case Change.Fifo:
                Remove(path);
                Run("mkfifo", "-m", "600", path);
                break;
            case Change.OpenFolderToOthers:
                File.SetUnixFileMode(_folder, (UnixFileMode)Convert.ToInt32("777", 8));
                break;
            case Change.DeleteFolder:
                Directory.Delete(_folder, recursive: true);
                break;
        }
    }

    private static void Remove(string path) => File.Delete(path);

    /// <summary>Neither a link nor a FIFO (opening a FIFO to write would wait for a reader).</summary>
    private static bool IsRegularFile(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && file.LinkTarget is null && file.Length > 0;
    }
}
