using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;

namespace TicketKeys;

/// <summary>
/// Reads and writes key files in any server's layout (<see cref="TicketKeyFileFormat"/>): nginx, HAProxy, Apache
/// httpd, and OpenSSL's own key buffer. Reads are as careful as <see cref="NginxTicketKeyFile"/>'s (regular files only,
/// never blocking, owner-only permissions, never a file changing while read); writes are atomic, mode 0600.
/// </summary>
public static class TicketKeyFile
{
    /// <summary>
    /// Tells the layout of a key file as the servers that write such files would: 48 bytes is
    /// <see cref="TicketKeyFileFormat.Nginx48"/>, 80 bytes <see cref="TicketKeyFileFormat.Nginx80"/>, base64 lines
    /// <see cref="TicketKeyFileFormat.HAProxy"/>. Apache and OpenSSL files have nginx's sizes and cannot be told apart
    /// from them by their bytes: read those with their format named.
    /// </summary>
    /// <param name="path">The key file.</param>
    /// <param name="permissions">Whether a file readable or writable by group or others is refused (the default).</param>
    /// <exception cref="TicketKeyFileException">The file cannot be read safely, or is in no layout recognised by its contents.</exception>
    public static TicketKeyFileFormat Detect(string path, KeyFilePermissions permissions = KeyFilePermissions.Enforce)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Span<byte> buffer = stackalloc byte[KeyFileReader.BufferLength];
        try
        {
            int length = KeyFileReader.Read(path, buffer, permissions, settleTime: TimeSpan.Zero).LengthOrThrow();
            return (TicketKeyFileFormats.Detect(buffer[..length])
                ?? throw new TicketKeyFileException(
                    Invariant($"Ticket key file '{path}' is {length} bytes and not base64 lines; expected {TicketKeyFileFormats.Detectable}."), path)).Format;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>
    /// Reads the keys of a key file in the preference order of the server that reads it: the key it encrypts with first
    /// (for HAProxy the penultimate line, then the last and the antepenultimate, which only decrypt and whose tickets
    /// are renewed). As for <see cref="NginxTicketKeyFile.Read(string)"/>, the keys are accepted from the file's last
    /// modification to 7 days later, so a file that is never replaced stops working after a week.
    /// </summary>
    /// <param name="path">The key file.</param>
    /// <param name="format">Its layout.</param>
    /// <param name="permissions">Whether a file readable or writable by group or others is refused (the default).</param>
    /// <returns>The keys; the caller owns (disposes) them.</returns>
    /// <exception cref="TicketKeyFileException">
    /// The file cannot be read safely or is not in <paramref name="format"/>: the message names the file and its byte
    /// count or the line at fault, never key bytes.
    /// </exception>
    public static IReadOnlyList<TicketKey> Read(string path, TicketKeyFileFormat format, KeyFilePermissions permissions = KeyFilePermissions.Enforce)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ITicketKeyFileFormat layout = TicketKeyFileFormats.Of(format);
        DateTimeOffset modified;
        try
        {
            modified = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new TicketKeyFileException(Invariant($"Ticket key file '{path}' cannot be read: {exception.Message}"), path, exception);
        }

        DateTimeOffset notAfter = modified + TicketKeyRotationPolicy.MaxKeyLifetime;
        Span<byte> buffer = stackalloc byte[KeyFileReader.BufferLength];
        try
        {
            int length = KeyFileReader.Read(path, buffer, permissions, settleTime: TimeSpan.Zero).LengthOrThrow();
            return layout.Parse(buffer[..length], path, new TicketKeyWindow(modified, notAfter, notAfter));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>
    /// Writes keys as a key file in <paramref name="format"/>, atomically (a hidden temporary file in the same folder,
    /// flushed, renamed over <paramref name="path"/>, the folder flushed), readable and writable by the owner only (mode
    /// 0600) on Unix. A format that would weaken a key (an AES-256 key in a 48-byte layout) or cannot hold it (an
    /// AES-128 key in an 80-byte layout, several keys in a one-key layout) is refused.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="format">The layout.</param>
    /// <param name="keys">
    /// The keys in preference order, the encrypting key first: one for nginx, Apache and OpenSSL; one to three of one
    /// size for HAProxy (written as lines previous | encrypting | next; with fewer keys the encrypting key is repeated).
    /// </param>
    /// <exception cref="ArgumentException">The format cannot hold the keys as they are (the message says why, naming no key bytes).</exception>
    /// <exception cref="ObjectDisposedException">A key is disposed.</exception>
    /// <exception cref="TicketKeyFileException">The file could not be written.</exception>
    public static void Write(string path, TicketKeyFileFormat format, IReadOnlyList<TicketKey> keys)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(keys);
        ITicketKeyFileFormat layout = TicketKeyFileFormats.Of(format);
        string? refusal = layout.WhyCannotHold(keys);
        if (refusal is not null)
        {
            throw new ArgumentException(refusal + ".", nameof(keys));
        }

        byte[] contents = layout.Serialize(keys);
        try
        {
            KeyFileWriter.Replace(path, contents);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contents);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
