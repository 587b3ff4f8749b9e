using System;
using System.Runtime.InteropServices;

namespace TicketKeys.Interop;

/// <summary>
/// The C library's <c>open</c>, for key files only: .NET opens files without <c>O_NONBLOCK</c>, and opening a FIFO
/// that way blocks until a writer appears (a FIFO planted in a key folder would stall the scanner, and its Dispose).
/// </summary>
internal static partial class LibC
{
    private const string Library = "libc";

    /// <summary><c>O_RDONLY | O_NONBLOCK | O_CLOEXEC</c> for this platform (Linux or macOS).</summary>
    public static int ReadNonBlocking => OperatingSystem.IsMacOS() ? 0x0004 | 0x1000000 : 0x0800 | 0x80000;

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);
}
