using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;

namespace TicketKeys;

/// <summary>
/// A fleet's shared folder of nginx-format key files (see <see cref="NginxTicketKeyFile"/>), fed into a
/// <see cref="TicketKeyRing"/> and followed as files come and go, without a restart.
/// </summary>
/// <remarks>
/// <para>
/// Every server decides from file names alone, never from modification times (copies and secret mounts do not keep
/// them), so all servers that see the same files pick the same encrypting key. A name starts with a UTC timestamp
/// <c>yyyyMMddTHHmmssZ</c> (<see cref="FileNameFor"/>; any suffix may follow, such as <c>20261127T171100Z-web.key</c>),
/// which is the key's <see cref="TicketKeyWindow.NotBefore"/>. Keys are ordered newest first; each renews its tickets
/// from the next newer key's timestamp on and expires <see cref="TicketKeyDirectoryOptions.KeyLifetime"/> after its
/// own. A key whose timestamp is still to come decrypts already but only encrypts from then on, so a new key can be
/// copied to every server before any of them uses it.
/// </para>
/// <para>
/// Files whose name does not parse, of the wrong size, unreadable, or repeating another file's key name are skipped
/// and reported (<see cref="Errors"/>, <see cref="TicketKeyDirectoryOptions.Rejected"/>). Hidden files (starting with
/// '.') and the temporary files of atomic writers (<c>*.tmp</c>, <c>*~</c>) are ignored. Expired keys are left out, and
/// so are files named more than 7 days ahead and, beyond the newest <see cref="TicketKeyLimits.MaxKeys"/>, older ones.
/// A file that held a good key keeps it in force while it is unreadable, half-written or otherwise bad; a scan that
/// finds no valid key at all (or a folder it cannot list) keeps all the keys in force.
/// </para>
/// <para>
/// Only regular files are read, opened without blocking (a FIFO in the folder is reported, never waited on). A file
/// modified less than <see cref="TicketKeyDirectoryOptions.SettleTime"/> ago, or whose size changes while it is read,
/// is read at a later scan. Key files readable or writable by group or others, and a folder writable by them, are
/// refused unless <see cref="TicketKeyDirectoryOptions.Permissions"/> says otherwise.
/// </para>
/// <para>
/// The folder is scanned on file-system events and every <see cref="TicketKeyDirectoryOptions.RescanInterval"/>.
/// Each scan swaps a complete key set into the ring at once; files that did not change keep their
/// <see cref="TicketKey"/> instance. Thread-safe.
/// </para>
/// </remarks>
public sealed partial class TicketKeyDirectory : IDisposable
{
    private const string TimestampFormat = "yyyyMMdd'T'HHmmss'Z'";
    private const int TimestampLength = 16;
    private const string KeyFileExtension = ".key";

    private readonly object _scanLock = new();
    private readonly TimeProvider _time;
    private readonly ScanSettings _settings;
    private readonly TimeSpan _changeDelay;
    private readonly Action<TicketKeyFileProblem>? _rejected;
    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer _rescanTimer;
    private readonly ITimer _changeTimer;
    private Dictionary<string, TicketKey> _loaded;
    private TicketKeyFileProblem[] _errors;
    private volatile bool _disposed;

    private TicketKeyDirectory(string folder, TicketKeyDirectoryOptions options, TimeProvider time, ScanResult firstScan)
    {
        FolderPath = folder;
        _time = time;
        _settings = ScanSettings.From(options);
        _changeDelay = options.ChangeDelay;
        _rejected = options.Rejected;
        Ring = TicketKeyRing.FromKeys(firstScan.Keys.Select(loaded => loaded.Key), time);
        _loaded = ToDictionary(firstScan.Keys);
        _errors = [.. firstScan.Problems];

        _changeTimer = time.CreateTimer(static state => ((TicketKeyDirectory)state!).ScanInBackground(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _rescanTimer = time.CreateTimer(static state => ((TicketKeyDirectory)state!).ScanInBackground(), this, options.RescanInterval, options.RescanInterval);
        if (firstScan.SettlesIn > TimeSpan.Zero)
        {
            _changeTimer.Change(firstScan.SettlesIn, Timeout.InfiniteTimeSpan);
        }

        try
        {
            _watcher = new FileSystemWatcher(folder)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                    | NotifyFilters.Size | NotifyFilters.Attributes | NotifyFilters.CreationTime,
            };
            _watcher.Created += OnFolderChanged;
            _watcher.Changed += OnFolderChanged;
            _watcher.Deleted += OnFolderChanged;
            _watcher.Renamed += OnFolderChanged;
            _watcher.Error += OnWatcherError;
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or PlatformNotSupportedException)
        {
            // Typically the inotify instance limit: the periodic rescan still follows the folder.
            _watcher?.Dispose();
            _watcher = null;
            _errors = [.. _errors, new TicketKeyFileProblem(folder, Invariant(
                $"Ticket key folder '{folder}' cannot be watched ({exception.Message}); changes are picked up by the rescan every {options.RescanInterval}."))];
        }
    }

    /// <summary>The full path of the folder.</summary>
    public string FolderPath { get; }

    /// <summary>The ring fed from the folder; attach it to the server's <c>SSL_CTX</c>. Disposed with the directory.</summary>
    public TicketKeyRing Ring { get; }

    /// <summary>The problems of the latest scan: files skipped, or the folder unusable. Empty when all is well.</summary>
    public IReadOnlyList<TicketKeyFileProblem> Errors => Volatile.Read(ref _errors);

    /// <summary>Opens a key folder: scans it now, then follows it until disposed.</summary>
    /// <param name="path">The folder.</param>
    /// <param name="options">Rescan interval, key lifetime, problem callback; defaults when null.</param>
    /// <param name="time">The clock and timers; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="TicketKeyFileException">
    /// The folder does not exist, is writable by group or others, or holds no valid key; the message names it and lists the problems.
    /// </exception>
    public static TicketKeyDirectory Open(string path, TicketKeyDirectoryOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new TicketKeyDirectoryOptions();
        Validate(options);
        time ??= TimeProvider.System;

        string folder = Path.GetFullPath(path);
        if (!Directory.Exists(folder))
        {
            throw new TicketKeyFileException(Invariant($"Ticket key folder '{folder}' does not exist."), folder);
        }

        DateTimeOffset now = time.GetUtcNow();
        KeyFileReader.CheckFolder(folder, options.Permissions);
        ScanResult firstScan = Scan(folder, ScanSettings.From(options), now, new Dictionary<string, TicketKey>());
        if (firstScan.Keys.Count == 0)
        {
            string problems = string.Concat(firstScan.Problems.Select(problem => " " + problem.Message));
            throw new TicketKeyFileException(
                Invariant($"Ticket key folder '{folder}' holds no valid key file (named like {FileNameFor(now)}, 48 or 80 bytes, timestamp less than {options.KeyLifetime} old).{problems}"),
                folder);
        }

        var directory = new TicketKeyDirectory(folder, options, time, firstScan);
        directory.Report(directory._errors);
        return directory;
    }

    /// <summary>The file name for a key that starts encrypting at <paramref name="notBefore"/> (whole seconds, UTC).</summary>
    /// <param name="notBefore">When the key is to start encrypting.</param>
    /// <returns>For example <c>20261127T171100Z.key</c>.</returns>
    public static string FileNameFor(DateTimeOffset notBefore) =>
        notBefore.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) + KeyFileExtension;

    /// <summary>Scans the folder now and swaps the keys found into <see cref="Ring"/>.</summary>
    /// <exception cref="ObjectDisposedException">The directory is disposed.</exception>
    public void Rescan()
    {
        TicketKeyFileProblem[] newProblems;
        lock (_scanLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            newProblems = ScanAndApply();
        }

        Report(newProblems);
    }

    /// <summary>Stops following the folder and disposes (zeroes) the ring's keys.</summary>
    public void Dispose()
    {
        lock (_scanLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _watcher?.Dispose();
            _rescanTimer.Dispose();
            _changeTimer.Dispose();
            Ring.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Invariant($"TicketKeyDirectory '{FolderPath}' ({Ring.Keys.Count} keys, {Errors.Count} problems)");

    private static void Validate(TicketKeyDirectoryOptions options)
    {
        if (options.RescanInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RescanInterval, "RescanInterval must be positive.");
        }

        if (options.KeyLifetime <= TimeSpan.Zero || options.KeyLifetime > TicketKeyRotationPolicy.MaxKeyLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.KeyLifetime,
                "KeyLifetime must be positive and at most 7 days (RFC 8446 ticket lifetime cap; longer keys weaken forward secrecy).");
        }

        if (options.ChangeDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ChangeDelay, "ChangeDelay must not be negative.");
        }

        if (options.SettleTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SettleTime, "SettleTime must not be negative.");
        }
    }

    /// <summary>Reads every key file; the caller applies the result. Never throws for a file or folder problem.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="settings">Lifetime, settle time, permission checks.</param>
    /// <param name="now">The directory's clock.</param>
    /// <param name="loaded">The key of each file in force: kept through transient failures of its file.</param>
    private static ScanResult Scan(string folder, ScanSettings settings, DateTimeOffset now, Dictionary<string, TicketKey> loaded)
    {
        var problems = new List<TicketKeyFileProblem>();
        var candidates = new List<(string FileName, DateTimeOffset NotBefore)>();
        try
        {
            List<string> paths = [.. Directory.EnumerateFiles(folder)];
            KeyFileReader.CheckFolder(folder, settings.Permissions);
            foreach (string path in paths)
            {
                string fileName = Path.GetFileName(path);
                if (IsIgnored(fileName))
                {
                    continue;
                }

                if (TryParseTimestamp(fileName, out DateTimeOffset notBefore))
                {
                    candidates.Add((fileName, notBefore));
                }
                else
                {
                    problems.Add(new TicketKeyFileProblem(path, Invariant(
                        $"Ticket key file '{path}' is skipped: its name does not start with a UTC timestamp yyyyMMddTHHmmssZ (such as {FileNameFor(now)}).")));
                }
            }
        }
        catch (TicketKeyFileException exception)
        {
            problems.Add(new TicketKeyFileProblem(folder, exception.Message + " No file in it is read."));
            return new ScanResult([], problems, TimeSpan.Zero);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problems.Add(new TicketKeyFileProblem(folder, Invariant($"Ticket key folder '{folder}' cannot be listed: {exception.Message}")));
            return new ScanResult([], problems, TimeSpan.Zero);
        }

        // Newest first; equal timestamps by file name, so that every server orders the same files the same way.
        candidates.Sort(static (left, right) => left.NotBefore != right.NotBefore
            ? right.NotBefore.CompareTo(left.NotBefore)
            : string.CompareOrdinal(left.FileName, right.FileName));

        var keys = new List<LoadedKey>(Math.Min(candidates.Count, TicketKeyLimits.MaxKeys));
        DateTimeOffset? newerNotBefore = null;
        TimeSpan settlesIn = TimeSpan.Zero;
        Span<byte> buffer = stackalloc byte[KeyFileReader.BufferLength];
        foreach ((string fileName, DateTimeOffset notBefore) in candidates)
        {
            DateTimeOffset notAfter = notBefore <= DateTimeOffset.MaxValue - settings.KeyLifetime ? notBefore + settings.KeyLifetime : DateTimeOffset.MaxValue;
            if (notAfter <= now)
            {
                continue;
            }

            string path = Path.Combine(folder, fileName);
            DateTimeOffset renewAfter = newerNotBefore is { } newer && newer < notAfter ? newer : notAfter;
            var window = new TicketKeyWindow(notBefore, renewAfter, notAfter);
            string? refusal = TicketKeyLimits.LifetimeViolation(window, now);
            if (refusal is null && keys.Count == TicketKeyLimits.MaxKeys)
            {
                refusal = Invariant($"the folder holds more than {TicketKeyLimits.MaxKeys} usable keys and only the newest are used");
            }

            if (refusal is not null)
            {
                problems.Add(new TicketKeyFileProblem(path, $"Ticket key file '{path}' is skipped: {refusal}."));
                continue;
            }

            loaded.TryGetValue(fileName, out TicketKey? previous);
            TicketKey? key;
            try
            {
                KeyFileRead read = KeyFileReader.Read(path, buffer, settings.Permissions, settings.SettleTime);
                if (read.SettlesIn > TimeSpan.Zero && (settlesIn == TimeSpan.Zero || read.SettlesIn < settlesIn))
                {
                    settlesIn = read.SettlesIn;
                }

                ReadOnlySpan<byte> contents = buffer[..read.LengthOrThrow()];
                ITicketKeyFileFormat format = OneKeyFormatOf(contents, path);
                key = previous is not null && previous.Window == window && TicketKeyFileFormats.HasContents(format, previous, contents)
                    ? previous
                    : format.Parse(contents, path, window)[0];
            }
            catch (TicketKeyFileException exception)
            {
                // A file being rewritten, briefly unreadable or half-copied must not take its key away from the fleet.
                key = previous is null ? null : LastGood(previous, window);
                problems.Add(new TicketKeyFileProblem(path, exception.Message + (key is null ? " The file is skipped." : " Its last good key stays in force.")));
                if (key is null)
                {
                    continue;
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(buffer);
            }

            string? twin = FileWithName(keys, key.Name);
            if (twin is not null)
            {
                if (!ReferenceEquals(key, previous))
                {
                    key.Dispose();
                }

                problems.Add(new TicketKeyFileProblem(path, Invariant(
                    $"Ticket key file '{path}' is skipped: it has the same key name as '{twin}', so tickets could not tell the two keys apart.")));
                continue;
            }

            keys.Add(new LoadedKey(fileName, key));
            newerNotBefore = notBefore;
        }

        return new ScanResult(keys, problems, settlesIn);
    }

    /// <summary>The layout of one file of the folder: one key per file, so nginx's, told by its size.</summary>
    private static ITicketKeyFileFormat OneKeyFormatOf(ReadOnlySpan<byte> contents, string path) => TicketKeyFileFormats.Detect(contents) switch
    {
        FixedLayoutKeyFileFormat format => format,
        HAProxyKeyFileFormat => throw new TicketKeyFileException(Invariant(
            $"Ticket key file '{path}' holds HAProxy tls-ticket-keys lines; a key folder holds one key per file, 48 or 80 bytes as for nginx (convert it with: ticketkeys convert IN OUT --from haproxy --to nginx80)."), path),
        _ => throw new TicketKeyFileException(Invariant(
            $"Ticket key file '{path}' is {contents.Length} bytes; expected 48 bytes (AES-128-CBC key, 128-bit HMAC key) or 80 bytes (AES-256-CBC key, 256-bit HMAC key) as for nginx's ssl_session_ticket_key."), path),
    };

    /// <summary>The key last read from a file, in the window the file now has; null once it is gone.</summary>
    private static TicketKey? LastGood(TicketKey previous, TicketKeyWindow window)
    {
        try
        {
            return previous.Window == window ? previous : previous.WithWindow(window);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    private static bool IsIgnored(string fileName) =>
        fileName.StartsWith('.') || fileName.EndsWith('~') || fileName.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase);

    private static bool TryParseTimestamp(string fileName, out DateTimeOffset timestamp)
    {
        timestamp = default;
        return fileName.Length >= TimestampLength
            && DateTimeOffset.TryParseExact(fileName.AsSpan(0, TimestampLength), TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out timestamp);
    }

    private static string? FileWithName(List<LoadedKey> keys, ReadOnlySpan<byte> name)
    {
        foreach (LoadedKey loaded in keys)
        {
            if (loaded.Key.HasName(name))
            {
                return loaded.FileName;
            }
        }

        return null;
    }

    private static Dictionary<string, TicketKey> ToDictionary(List<LoadedKey> keys) =>
        keys.ToDictionary(loaded => loaded.FileName, loaded => loaded.Key, StringComparer.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <returns>The problems not reported by the previous scan.</returns>
    private TicketKeyFileProblem[] ScanAndApply()
    {
        ScanResult scan = Scan(FolderPath, _settings, _time.GetUtcNow(), _loaded);
        if (scan.SettlesIn > TimeSpan.Zero)
        {
            // A file too young to read: look again once it has settled rather than at the next periodic rescan.
            _changeTimer.Change(scan.SettlesIn, Timeout.InfiniteTimeSpan);
        }

        if (scan.Keys.Count == 0)
        {
            scan.Problems.Add(new TicketKeyFileProblem(FolderPath, Invariant(
                $"Ticket key folder '{FolderPath}' holds no valid key file; the {Ring.Keys.Count} keys of the last good scan stay in force.")));
        }
        else
        {
            TicketKey[] keys = [.. scan.Keys.Select(loaded => loaded.Key)];
            if (!keys.SequenceEqual(Ring.Keys))
            {
                Ring.Replace(keys);
                RaiseKeysChanged();
            }

            _loaded = ToDictionary(scan.Keys);
        }

        TicketKeyFileProblem[] previous = _errors;
        Volatile.Write(ref _errors, [.. scan.Problems]);
        return [.. scan.Problems.Where(problem => !previous.Contains(problem))];
    }

    private void ScanInBackground()
    {
        TicketKeyFileProblem[] newProblems;
        lock (_scanLock)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                newProblems = ScanAndApply();
            }
            catch (ObjectDisposedException)
            {
                // Ring disposed by its user rather than through Dispose: nothing left to feed, and a timer thread must not throw.
                return;
            }
        }

        Report(newProblems);
    }

    private void Report(IEnumerable<TicketKeyFileProblem> problems)
    {
        if (_rejected is null)
        {
            return;
        }

        foreach (TicketKeyFileProblem problem in problems)
        {
            try
            {
                _rejected(problem);
            }
#pragma warning disable CA1031 // Scans run on timer threads, where a handler's exception would end the process.
            catch (Exception)
#pragma warning restore CA1031
            {
                // The problem stays visible in Errors.
            }
        }
    }

    private void OnFolderChanged(object sender, FileSystemEventArgs e) => ScheduleScan();

    // Lost events (inotify queue overflow): scan to catch up.
    private void OnWatcherError(object sender, ErrorEventArgs e) => ScheduleScan();

    /// <summary>Debounces: every event restarts the delay, so a burst of events gives one scan.</summary>
    private void ScheduleScan()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            _changeTimer.Change(_changeDelay, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the call: nothing left to scan for.
        }
    }

    private sealed record LoadedKey(string FileName, TicketKey Key);

    private sealed record ScanResult(List<LoadedKey> Keys, List<TicketKeyFileProblem> Problems, TimeSpan SettlesIn);

    private sealed record ScanSettings(TimeSpan KeyLifetime, TimeSpan SettleTime, KeyFilePermissions Permissions)
    {
        public static ScanSettings From(TicketKeyDirectoryOptions options) => new(options.KeyLifetime, options.SettleTime, options.Permissions);
    }
}
