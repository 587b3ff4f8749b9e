using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace TicketKeys.Interop;

/// <summary>
/// The libssl and libcrypto files the process has already mapped (Linux: <c>/proc/self/maps</c>), for example those that
/// .NET's own native shim loaded for <c>SslStream</c>. Binding to these, rather than loading a library by name, keeps one
/// OpenSSL copy in the process: two copies would let TicketKeys write into another copy's structures.
/// </summary>
internal sealed class LoadedOpenSsl
{
    private const string SslPrefix = "libssl.so";
    private const string CryptoPrefix = "libcrypto.so";

    private LoadedOpenSsl(IReadOnlyList<string> ssl, IReadOnlyList<string> crypto)
    {
        Ssl = ssl;
        Crypto = crypto;
    }

    /// <summary>No OpenSSL mapped yet (or a platform without <c>/proc/self/maps</c>).</summary>
    public static LoadedOpenSsl None { get; } = new([], []);

    /// <summary>Full paths of the mapped libssl files, in mapping order.</summary>
    public IReadOnlyList<string> Ssl { get; }

    /// <summary>Full paths of the mapped libcrypto files, in mapping order.</summary>
    public IReadOnlyList<string> Crypto { get; }

    /// <summary>Reads what is mapped now.</summary>
    public static LoadedOpenSsl Probe()
    {
        const string maps = "/proc/self/maps";
        if (!OperatingSystem.IsLinux() || !File.Exists(maps))
        {
            return None;
        }

        List<string> mapped = [.. File.ReadLines(maps)
            .Select(line => line.IndexOf('/', StringComparison.Ordinal) is int start and >= 0 ? line[start..] : string.Empty)
            .Where(path => path.Length > 0)
            .Distinct(StringComparer.Ordinal)];
        return new LoadedOpenSsl(
            [.. mapped.Where(path => Path.GetFileName(path).StartsWith(SslPrefix, StringComparison.Ordinal))],
            [.. mapped.Where(path => Path.GetFileName(path).StartsWith(CryptoPrefix, StringComparison.Ordinal))]);
    }

    /// <summary>Whether <paramref name="path"/> (a name or a path, symbolic links followed) is one of <paramref name="mapped"/>.</summary>
    public static bool IsSameFile(string path, IReadOnlyList<string> mapped) =>
        mapped.Contains(RealPath(path), StringComparer.Ordinal);

    /// <summary>The file a path finally points to (the loader maps the target of a symbolic link).</summary>
    public static string RealPath(string path)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            return path;
        }

        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException)
        {
            return path;
        }
    }
}
