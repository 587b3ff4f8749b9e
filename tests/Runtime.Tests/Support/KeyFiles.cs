using System;
using System.IO;

namespace TicketKeys.Tests.Support;

/// <summary>Writes key files as a careful operator would: owner-only (mode 0600) and settled (modified a minute ago).</summary>
internal static class KeyFiles
{
    public static string Write(string path, ReadOnlySpan<byte> contents)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(contents);
        }

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
        return path;
    }
}
