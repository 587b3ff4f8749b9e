using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using TicketKeys.Interop;

namespace TicketKeys;

/// <summary>
/// Reads key files defensively: never blocks (FIFOs), only regular files, owner-only permissions, and never a file
/// caught while it is written (too young, or its size changed between reads). Every refusal names the file.
/// </summary>
internal static class KeyFileReader
{
    /// <summary>Reading one byte more than the largest valid file tells an oversized file apart.</summary>
    public const int BufferLength = TicketKeyFileFormats.MaxFileLength + 1;

    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const UnixFileMode WritableByGroupOrOthers = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>Reads up to <see cref="BufferLength"/> bytes into <paramref name="buffer"/>; the caller zeroes it.</summary>
    /// <param name="path">The key file.</param>
    /// <param name="buffer">At least <see cref="BufferLength"/> bytes.</param>
    /// <param name="permissions">Whether group or other access makes the file refused.</param>
    /// <param name="settleTime">How long ago (system clock) the file must have been last modified; zero for no check.</param>
    public static KeyFileRead Read(string path, Span<byte> buffer, KeyFilePermissions permissions, TimeSpan settleTime)
    {
        try
        {
            using FileStream stream = Open(path);
            if ((File.GetAttributes(stream.SafeFileHandle) & FileAttributes.Directory) != 0)
            {
                return KeyFileRead.Failed(new TicketKeyFileException(Invariant($"Ticket key file '{path}' cannot be read: it is a folder."), path));
            }

            if (!stream.CanSeek)
            {
                return KeyFileRead.Failed(new TicketKeyFileException(
                    Invariant($"Ticket key file '{path}' is not a regular file (a FIFO, socket or device); key files must be regular files."), path));
            }

            if (permissions == KeyFilePermissions.Enforce && !OperatingSystem.IsWindows())
            {
                UnixFileMode mode = File.GetUnixFileMode(stream.SafeFileHandle);
                if ((mode & GroupOrOthers) != 0)
                {
                    return KeyFileRead.Failed(new TicketKeyFileException(
                        Invariant($"Ticket key file '{path}' is accessible by group or others (mode {Octal(mode)}): anyone who can read it can forge tickets. Fix it with: chmod 600 '{path}' (or use KeyFilePermissions.Ignore on file systems without POSIX modes)."),
                        path));
                }
            }

            if (settleTime > TimeSpan.Zero)
            {
                TimeSpan age = DateTime.UtcNow - File.GetLastWriteTimeUtc(stream.SafeFileHandle);
                if (age < settleTime)
                {
                    return KeyFileRead.Failed(
                        new TicketKeyFileException(
                            Invariant($"Ticket key file '{path}' was modified {Math.Max(0, age.TotalMilliseconds):0} ms ago, less than the settle time ({settleTime.TotalMilliseconds:0} ms): it may still be being written and is read once it has settled."),
                            path),
                        settleTime - age);
                }
            }

            long sizeBefore = stream.Length;
            int total = ReadUpTo(stream, buffer[..BufferLength]);
            long sizeAfter = stream.Length;
            if (total == BufferLength)
            {
                return KeyFileRead.Failed(new TicketKeyFileException(
                    Invariant($"Ticket key file '{path}' is {Math.Max(sizeAfter, total)} bytes, more than any key file ({TicketKeyFileFormats.MaxFileLength} bytes at most)."), path));
            }

            if (sizeBefore != sizeAfter || total != sizeAfter)
            {
                return KeyFileRead.Failed(new TicketKeyFileException(
                    Invariant($"Ticket key file '{path}' changed while being read ({sizeBefore} bytes, then {total} bytes read, then {sizeAfter} bytes): it is read again at the next scan."),
                    path));
            }

            return new KeyFileRead(total, null, TimeSpan.Zero);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return KeyFileRead.Failed(new TicketKeyFileException(
                Invariant($"Ticket key file '{path}' does not exist."), path, exception));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return KeyFileRead.Failed(new TicketKeyFileException(Invariant($"Ticket key file '{path}' cannot be read: {exception.Message}"), path, exception));
        }
    }

    /// <summary>Reads the key name of a one-key file (48 or 80 bytes); false when the file is not one, or not readable.</summary>
    public static bool TryReadName(string path, Span<byte> name)
    {
        Span<byte> buffer = stackalloc byte[BufferLength];
        try
        {
            KeyFileRead read = Read(path, buffer, KeyFilePermissions.Ignore, TimeSpan.Zero);
            if (read.Problem is not null || TicketKeyFileFormats.Detect(buffer[..read.Length]) is not FixedLayoutKeyFileFormat)
            {
                return false;
            }

            buffer[..TicketKey.NameLength].CopyTo(name);
            return true;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Throws when <paramref name="folder"/> is writable by group or others (anyone there could plant a key).</summary>
    public static void CheckFolder(string folder, KeyFilePermissions permissions)
    {
        if (permissions == KeyFilePermissions.Ignore || OperatingSystem.IsWindows())
        {
            return;
        }

        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(folder);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new TicketKeyFileException(Invariant($"Ticket key folder '{folder}' cannot be read: {exception.Message}"), folder, exception);
        }

        if ((mode & WritableByGroupOrOthers) != 0)
        {
            throw new TicketKeyFileException(
                Invariant($"Ticket key folder '{folder}' is writable by group or others (mode {Octal(mode)}): anyone who can write there can plant a key and forge tickets. Fix it with: chmod go-w '{folder}' (or use KeyFilePermissions.Ignore on file systems without POSIX modes)."),
                folder);
        }
    }

    private static FileStream Open(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
            });
        }

        int descriptor = LibC.Open(path, LibC.ReadNonBlocking);
        if (descriptor < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            string reason = Marshal.GetPInvokeErrorMessage(error);
            // ENOENT is 2 on Linux and macOS.
            throw error == 2 ? new FileNotFoundException(reason, path) : new IOException(reason);
        }

        // No FileStream buffer: key bytes go straight into the caller's buffer and nowhere else.
        return new FileStream(new SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Read, bufferSize: 0);
    }

    private static int ReadUpTo(FileStream stream, Span<byte> buffer)
    {
        int total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer[total..])) > 0)
        {
            total += read;
        }

        return total;
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
