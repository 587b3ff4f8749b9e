using System;
using System.Runtime.InteropServices;

namespace TicketKeys.Interop;

/// <summary>
/// The C library calls .NET does not offer for key files: <c>open</c> with <c>O_NONBLOCK</c> (.NET opens files without
/// it, and opening a FIFO that way blocks until a writer appears: a FIFO planted in a key folder would stall the
/// scanner, and its Dispose); <c>link</c>, which never replaces an existing name (so that of two writers racing for one
/// key file name exactly one wins); and <c>fsync</c> of a folder, which makes a rename durable.
/// </summary>
internal static partial class LibC
{
    /// <summary><c>EEXIST</c>, the same on Linux and macOS.</summary>
    public const int AlreadyExists = 17;

    private const string Library = "libc";

    /// <summary><c>O_RDONLY | O_NONBLOCK | O_CLOEXEC</c> for this platform (Linux or macOS).</summary>
    public static int ReadNonBlocking => OperatingSystem.IsMacOS() ? 0x0004 | 0x1000000 : 0x0800 | 0x80000;

    /// <summary><c>O_RDONLY | O_CLOEXEC</c> for this platform (Linux or macOS): enough to open a folder for <c>fsync</c>.</summary>
    public static int ReadOnly => OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000;

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existingPath, string newPath);

    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int descriptor);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);
}
