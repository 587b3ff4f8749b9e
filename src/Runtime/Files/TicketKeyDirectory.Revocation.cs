using System;
using System.Collections.Generic;
using System.IO;

namespace TicketKeys;

/// <summary>Revocation at the source: removing key files from a fleet's folder, for every server that follows it.</summary>
public sealed partial class TicketKeyDirectory
{
    /// <summary>
    /// Revokes a key in a key folder: every file in <paramref name="folderPath"/> that holds the key named
    /// <paramref name="keyName"/> is first renamed to a hidden temporary name (so no server ever reads it half-erased),
    /// then overwritten with zeros (best effort: copy-on-write file systems and SSDs may keep old blocks) and deleted.
    /// Servers following the folder drop the key at their next scan (a file-system event plus
    /// <see cref="TicketKeyDirectoryOptions.ChangeDelay"/>, or within <see cref="TicketKeyDirectoryOptions.RescanInterval"/>);
    /// call <see cref="TicketKeyRing.Revoke"/> on a ring in this process for an immediate effect there. If the folder is
    /// left with no valid key, servers keep their last good keys, including the revoked one: add a new key first, or use
    /// <see cref="RotateAndRevokeAll"/>.
    /// </summary>
    /// <param name="folderPath">The key folder.</param>
    /// <param name="keyName">The key's 16-byte name (<see cref="TicketKey.Name"/>).</param>
    /// <returns>The files removed; empty when no file holds the key.</returns>
    /// <exception cref="ArgumentException">The name is not 16 bytes.</exception>
    /// <exception cref="TicketKeyFileException">The folder does not exist, or a file could not be read or removed (the message names it).</exception>
    public static IReadOnlyList<string> RevokeKeyFiles(string folderPath, ReadOnlySpan<byte> keyName)
    {
        if (keyName.Length != TicketKey.NameLength)
        {
            throw new ArgumentException(Invariant($"A ticket key name is {TicketKey.NameLength} bytes; got {keyName.Length} bytes."), nameof(keyName));
        }

        string folder = ExistingFolder(folderPath);
        var removed = new List<string>();
        Span<byte> name = stackalloc byte[TicketKey.NameLength];
        foreach (string path in ListFiles(folder))
        {
            if (!IsIgnored(Path.GetFileName(path)) && KeyFileReader.TryReadName(path, name) && name.SequenceEqual(keyName) && Erase(folder, path))
            {
                removed.Add(path);
            }
        }

        return removed;
    }

    /// <summary>
    /// Recovers a key folder from a compromise: writes a new AES-256 key file named for now (mode 0600), then removes
    /// every other key file (those whose name starts with a timestamp, pre-staged ones included) as
    /// <see cref="RevokeKeyFiles"/> does. Servers following the folder switch to the new key alone at their next scan,
    /// once the new file is older than <see cref="TicketKeyDirectoryOptions.SettleTime"/>; every ticket issued before
    /// gets a full handshake.
    /// </summary>
    /// <param name="folderPath">The key folder.</param>
    /// <param name="time">The clock that names the new file; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The new key file.</returns>
    /// <exception cref="TicketKeyFileException">The folder does not exist, or a file could not be written or removed (the message names it).</exception>
    public static string RotateAndRevokeAll(string folderPath, TimeProvider? time = null)
    {
        string folder = ExistingFolder(folderPath);
        DateTimeOffset now = (time ?? TimeProvider.System).GetUtcNow();
        string newPath = Path.Combine(folder, FileNameFor(now));
        using (TicketKey fresh = TicketKey.Generate(new TicketKeyWindow(now, now + TicketKeyRotationPolicy.MaxKeyLifetime, now + TicketKeyRotationPolicy.MaxKeyLifetime)))
        {
            NginxTicketKeyFile.Write(newPath, fresh);
        }

        foreach (string path in ListFiles(folder))
        {
            string fileName = Path.GetFileName(path);
            if (path != newPath && !IsIgnored(fileName) && TryParseTimestamp(fileName, out _))
            {
                _ = Erase(folder, path);
            }
        }

        return newPath;
    }

    private static string ExistingFolder(string folderPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(folderPath);
        string folder = Path.GetFullPath(folderPath);
        return Directory.Exists(folder)
            ? folder
            : throw new TicketKeyFileException(Invariant($"Ticket key folder '{folder}' does not exist."), folder);
    }

    private static List<string> ListFiles(string folder)
    {
        try
        {
            return [.. Directory.EnumerateFiles(folder)];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new TicketKeyFileException(Invariant($"Ticket key folder '{folder}' cannot be listed: {exception.Message}"), folder, exception);
        }
    }

    /// <returns>False when the file was already gone (another process, such as a concurrent rotation, removed it).</returns>
    private static bool Erase(string folder, string path)
    {
        // Hidden names are ignored by every scan: after the rename no server can read the key, whole or half-zeroed.
        string hidden = Path.Combine(folder, "." + Guid.NewGuid().ToString("N") + ".revoked.tmp");
        try
        {
            File.Move(path, hidden);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw CouldNotRemove(path, exception);
        }

        try
        {
            if (File.ResolveLinkTarget(hidden, returnFinalTarget: false) is null)
            {
                using var stream = new FileStream(hidden, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Write, BufferSize = 0 });
                stream.Write(new byte[stream.Length]);
                stream.Flush(flushToDisk: true);
            }

            File.Delete(hidden);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw CouldNotRemove(path, exception);
        }
    }

    private static TicketKeyFileException CouldNotRemove(string path, Exception exception) =>
        new(Invariant($"Ticket key file '{path}' could not be removed: {exception.Message}"), path, exception);
}
