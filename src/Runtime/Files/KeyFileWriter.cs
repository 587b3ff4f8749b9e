using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using TicketKeys.Interop;

namespace TicketKeys;

/// <summary>
/// Writes key files so that no reader ever sees part of one: the bytes go to a hidden temporary file in the same folder
/// (mode 0600, flushed to disk), which then takes the file's name in one step, and the folder is flushed so that the
/// new name survives a crash. Every failure names the file; key bytes never appear in a message.
/// </summary>
internal static class KeyFileWriter
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates or replaces <paramref name="path"/> (rename over it).</summary>
    /// <exception cref="TicketKeyFileException">The file could not be written.</exception>
    public static void Replace(string path, ReadOnlySpan<byte> contents)
    {
        (string fullPath, string folder, string temporaryPath) = PathsFor(path);
        try
        {
            WriteNewFile(temporaryPath, contents);
            File.Move(temporaryPath, fullPath, overwrite: true);
            FlushFolder(folder);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporaryPath);
            throw CouldNotWrite(fullPath, exception);
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/> unless a file of that name exists, atomically even against other processes and
    /// machines sharing the folder: the complete temporary file is hard-linked to the name, which fails if the name is
    /// taken (unlike a rename, which would replace it).
    /// </summary>
    /// <returns>False when the name was taken (by an earlier or a concurrent writer); nothing is written then.</returns>
    /// <exception cref="TicketKeyFileException">The file could not be written.</exception>
    public static bool TryCreate(string path, ReadOnlySpan<byte> contents)
    {
        (string fullPath, string folder, string temporaryPath) = PathsFor(path);
        try
        {
            WriteNewFile(temporaryPath, contents);
            bool created = OperatingSystem.IsWindows() ? TryMoveNoReplace(temporaryPath, fullPath) : TryLink(temporaryPath, fullPath);
            File.Delete(temporaryPath);
            FlushFolder(folder);
            return created;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporaryPath);
            throw CouldNotWrite(fullPath, exception);
        }
    }

    private static (string FullPath, string Folder, string TemporaryPath) PathsFor(string path)
    {
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException(Invariant($"'{path}' names no file."), nameof(path));
        // Hidden and *.tmp: key folders ignore it, so no server reads it before it is complete and named.
        string temporaryPath = Path.Combine(folder, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        return (fullPath, folder, temporaryPath);
    }

    private static void WriteNewFile(string path, ReadOnlySpan<byte> contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            // The umask can only narrow the create mode; setting it again makes the result exactly 0600.
            File.SetUnixFileMode(stream.SafeFileHandle, OwnerOnly);
        }

        stream.Write(contents);
        stream.Flush(flushToDisk: true);
    }

    private static bool TryLink(string temporaryPath, string fullPath)
    {
        if (LibC.Link(temporaryPath, fullPath) == 0)
        {
            return true;
        }

        int error = Marshal.GetLastPInvokeError();
        return error == LibC.AlreadyExists ? false : throw new IOException(Marshal.GetPInvokeErrorMessage(error));
    }

    private static bool TryMoveNoReplace(string temporaryPath, string fullPath)
    {
        try
        {
            File.Move(temporaryPath, fullPath, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(fullPath))
        {
            return false;
        }
    }

    /// <summary>A rename or link is durable only once its folder is flushed (POSIX); Windows has no such call.</summary>
    private static void FlushFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int descriptor = LibC.Open(folder, LibC.ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException(Invariant($"cannot open the folder to flush it: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}"));
        }

        try
        {
            if (LibC.Fsync(descriptor) != 0)
            {
                throw new IOException(Invariant($"cannot flush the folder: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}"));
            }
        }
        finally
        {
            _ = LibC.Close(descriptor);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The write already failed; that error is the one to report.
        }
    }

    private static TicketKeyFileException CouldNotWrite(string fullPath, Exception exception) =>
        new(Invariant($"Ticket key file '{fullPath}' could not be written: {exception.Message}"), fullPath, exception);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
