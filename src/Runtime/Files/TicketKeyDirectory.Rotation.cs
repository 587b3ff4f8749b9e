using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace TicketKeys;

/// <summary>Rotation at the source: the key files of a fleet's folder, kept by cron on any number of machines.</summary>
public sealed partial class TicketKeyDirectory
{
    /// <summary>
    /// Brings a key folder up to date, as a cron job on one or several machines sharing the folder would: writes the
    /// key of the current rotation interval unless a key already started in it, and with <paramref name="prestage"/>
    /// the key of the next interval too (every server decrypts with it before any encrypts with it), then removes keys
    /// past the policy's lifetime or beyond the newest <paramref name="keep"/> started ones.
    /// </summary>
    /// <remarks>
    /// Safe to run concurrently against one folder (no torn, duplicate or lost keys): file names are the interval's
    /// start (<see cref="FileNameFor"/>) counted from the Unix epoch, so every runner picks the same name; each new file
    /// is written whole under a hidden name, flushed, then linked to its name, which fails if the name exists (the
    /// later runner then writes nothing); the folder is flushed after. A file removed by another runner first is
    /// skipped. Keys are written in nginx's layout: 80 bytes, or 48 for an AES-128 policy.
    /// </remarks>
    /// <param name="folderPath">The key folder.</param>
    /// <param name="policy">Interval, lifetime and cipher of the keys; <see cref="TicketKeyRotationPolicy.Default"/> when null.</param>
    /// <param name="keep">
    /// How many started keys to keep at most, newest first (pre-staged ones are not counted); by default as many as
    /// the policy's lifetime spans intervals (3 for 12 hours and 36 hours).
    /// </param>
    /// <param name="prestage">Whether to keep one key for the next interval in place.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keep"/> is less than 1.</exception>
    /// <exception cref="TicketKeyFileException">The folder does not exist, or a file could not be written or removed (the message names it).</exception>
    public static TicketKeyFolderRotation Rotate(string folderPath, TicketKeyRotationPolicy? policy = null, int? keep = null, bool prestage = false, TimeProvider? time = null)
    {
        policy ??= TicketKeyRotationPolicy.Default;
        int kept = keep ?? (int)Math.Ceiling(policy.KeyLifetime / policy.RotationInterval);
        ArgumentOutOfRangeException.ThrowIfLessThan(kept, 1, nameof(keep));
        string folder = ExistingFolder(folderPath);
        DateTimeOffset now = (time ?? TimeProvider.System).GetUtcNow();
        DateTimeOffset intervalStart = IntervalStart(now, policy.RotationInterval);

        List<(string Path, DateTimeOffset NotBefore)> keyFiles = KeyFilesOf(folder);
        var written = new List<string>();
        if (!keyFiles.Any(file => file.NotBefore >= intervalStart && file.NotBefore <= now))
        {
            TryWriteKey(folder, intervalStart, policy, written);
        }

        if (prestage && !keyFiles.Any(file => file.NotBefore > now))
        {
            TryWriteKey(folder, intervalStart + policy.RotationInterval, policy, written);
        }

        var removed = new List<string>();
        IEnumerable<(string Path, DateTimeOffset NotBefore)> started = KeyFilesOf(folder)
            .Where(file => file.NotBefore <= now)
            .OrderByDescending(file => file.NotBefore)
            .ThenBy(file => Path.GetFileName(file.Path), StringComparer.Ordinal);
        int index = 0;
        foreach ((string path, DateTimeOffset notBefore) in started)
        {
            bool expired = notBefore + policy.KeyLifetime <= now;
            if ((expired || index >= kept) && Erase(folder, path))
            {
                removed.Add(path);
            }

            index++;
        }

        return new TicketKeyFolderRotation(written, removed);
    }

    /// <summary>The start of the interval holding <paramref name="now"/>, in whole seconds, counted from the Unix epoch.</summary>
    private static DateTimeOffset IntervalStart(DateTimeOffset now, TimeSpan interval)
    {
        long intervals = (now - DateTimeOffset.UnixEpoch).Ticks / interval.Ticks;
        DateTimeOffset start = DateTimeOffset.UnixEpoch + TimeSpan.FromTicks(intervals * interval.Ticks);
        return start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond));
    }

    private static List<(string Path, DateTimeOffset NotBefore)> KeyFilesOf(string folder)
    {
        var keyFiles = new List<(string Path, DateTimeOffset NotBefore)>();
        foreach (string path in ListFiles(folder))
        {
            string fileName = Path.GetFileName(path);
            if (!IsIgnored(fileName) && TryParseTimestamp(fileName, out DateTimeOffset notBefore))
            {
                keyFiles.Add((path, notBefore));
            }
        }

        return keyFiles;
    }

    private static void TryWriteKey(string folder, DateTimeOffset notBefore, TicketKeyRotationPolicy policy, List<string> written)
    {
        FixedLayoutKeyFileFormat format = policy.Cipher == TicketCipher.Aes128Cbc ? TicketKeyFileFormats.Nginx48 : TicketKeyFileFormats.Nginx80;
        string path = Path.Combine(folder, FileNameFor(notBefore));
        using TicketKey key = TicketKey.Generate(TicketKeyWindow.Unbounded, policy.Cipher, hmacKeyLength: policy.Cipher == TicketCipher.Aes128Cbc ? 16 : 32);
        byte[] contents = format.Serialize([key]);
        try
        {
            if (KeyFileWriter.TryCreate(path, contents))
            {
                written.Add(path);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contents);
        }
    }
}
