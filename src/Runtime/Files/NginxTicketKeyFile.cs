using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;

namespace TicketKeys;

/// <summary>
/// Reads and writes key files in the format of nginx's <c>ssl_session_ticket_key</c> (also read by other servers that
/// follow it). The two sizes are laid out differently:
/// <list type="bullet">
/// <item><description>48 bytes: name [0, 16), AES-128-CBC key [16, 32), HMAC-SHA256 key [32, 48).</description></item>
/// <item><description>80 bytes: name [0, 16), HMAC-SHA256 key [16, 48), AES-256-CBC key [48, 80).</description></item>
/// </list>
/// </summary>
/// <remarks>
/// A 48-byte file carries a 16-byte (128-bit) HMAC key. It is accepted for compatibility with existing nginx
/// deployments, but tickets under it are authenticated with a 128-bit key only: prefer 80-byte files.
/// Key bytes pass through buffers that are zeroed after use and never appear in exception messages.
/// </remarks>
public static class NginxTicketKeyFile
{
    /// <summary>Size of a file with an AES-128-CBC key and a 16-byte HMAC key.</summary>
    public const int Aes128FileLength = 48;

    /// <summary>Size of a file with an AES-256-CBC key and a 32-byte HMAC key.</summary>
    public const int Aes256FileLength = 80;

    private const string ExpectedSizes =
        "expected 48 bytes (AES-128-CBC key, 128-bit HMAC key) or 80 bytes (AES-256-CBC key, 256-bit HMAC key) as for nginx's ssl_session_ticket_key";

    /// <summary>
    /// Reads a key file. Unlike nginx, which uses a key file for as long as it is configured, the key gets the longest
    /// window a ring accepts: from the file's last modification to 7 days later
    /// (<see cref="TicketKeyRotationPolicy.MaxKeyLifetime"/>), so a key file that is never replaced stops issuing and
    /// resuming tickets after a week instead of living for ever.
    /// </summary>
    /// <param name="path">The 48- or 80-byte key file.</param>
    /// <exception cref="TicketKeyFileException">
    /// The file is missing, unreadable, not a regular file, accessible by group or others, of another size, or changed
    /// while being read.
    /// </exception>
    public static TicketKey Read(string path) => Read(path, KeyFilePermissions.Enforce);

    /// <summary>
    /// Reads a key file. Unlike nginx, which uses a key file for as long as it is configured, the key gets the longest
    /// window a ring accepts: from the file's last modification to 7 days later
    /// (<see cref="TicketKeyRotationPolicy.MaxKeyLifetime"/>), so a key file that is never replaced stops issuing and
    /// resuming tickets after a week instead of living for ever.
    /// </summary>
    /// <param name="path">The 48- or 80-byte key file.</param>
    /// <param name="permissions">Whether a file readable or writable by group or others is refused (the default).</param>
    /// <exception cref="TicketKeyFileException">
    /// The file is missing, unreadable, not a regular file, accessible by group or others, of another size, or changed
    /// while being read.
    /// </exception>
    public static TicketKey Read(string path, KeyFilePermissions permissions)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
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
        return Read(path, new TicketKeyWindow(modified, notAfter, notAfter), permissions);
    }

    /// <summary>Reads a key file.</summary>
    /// <param name="path">The 48- or 80-byte key file.</param>
    /// <param name="window">When the key may be used.</param>
    /// <exception cref="TicketKeyFileException">
    /// The file is missing, unreadable, not a regular file, accessible by group or others, of another size, or changed
    /// while being read.
    /// </exception>
    public static TicketKey Read(string path, TicketKeyWindow window) => Read(path, window, KeyFilePermissions.Enforce);

    /// <summary>Reads a key file.</summary>
    /// <param name="path">The 48- or 80-byte key file.</param>
    /// <param name="window">When the key may be used.</param>
    /// <param name="permissions">Whether a file readable or writable by group or others is refused (the default).</param>
    /// <exception cref="TicketKeyFileException">
    /// The file is missing, unreadable, not a regular file, accessible by group or others, of another size, or changed
    /// while being read.
    /// </exception>
    public static TicketKey Read(string path, TicketKeyWindow window, KeyFilePermissions permissions)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Span<byte> buffer = stackalloc byte[KeyFileReader.BufferLength];
        try
        {
            int length = KeyFileReader.Read(path, buffer, permissions, settleTime: TimeSpan.Zero).LengthOrThrow();
            return Parse(buffer[..length], path, window);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Makes a key from the contents of a key file.</summary>
    /// <param name="contents">The 48 or 80 bytes of the file.</param>
    /// <param name="source">Where the bytes come from (a path), for error messages.</param>
    /// <param name="window">When the key may be used.</param>
    /// <exception cref="TicketKeyFileException">The contents are neither 48 nor 80 bytes.</exception>
    public static TicketKey Parse(ReadOnlySpan<byte> contents, string source, TicketKeyWindow window)
    {
        ArgumentNullException.ThrowIfNull(source);
        FixedLayoutKeyFileFormat format = contents.Length switch
        {
            Aes128FileLength => TicketKeyFileFormats.Nginx48,
            Aes256FileLength => TicketKeyFileFormats.Nginx80,
            _ => throw WrongSize(source, contents.Length),
        };
        return format.Parse(contents, source, window)[0];
    }

    /// <summary>
    /// Writes a key file atomically (a temporary file in the same folder, flushed, renamed over <paramref name="path"/>,
    /// the folder flushed), readable
    /// and writable by the owner only (mode 0600) on Unix. AES-128-CBC keys give 48 bytes, AES-256-CBC keys 80 bytes.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="key">The key; it needs a 16-byte HMAC key with AES-128-CBC or a 32-byte one with AES-256-CBC.</param>
    /// <exception cref="ArgumentException">The key's HMAC key length has no nginx file layout.</exception>
    /// <exception cref="ObjectDisposedException">The key is disposed.</exception>
    /// <exception cref="TicketKeyFileException">The file could not be written.</exception>
    public static void Write(string path, TicketKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(key);
        FixedLayoutKeyFileFormat? format = FormatOf(key);
        if (format is null)
        {
            throw new ArgumentException(
                Invariant($"Ticket key {key.NameHex} ({TicketKey.CipherName(key.Cipher)} with a {key.HmacKeyLength}-byte HMAC key) cannot be written as an nginx key file, which holds a 16-byte HMAC key with AES-128-CBC (48 bytes) or a 32-byte HMAC key with AES-256-CBC (80 bytes)."),
                nameof(key));
        }

        byte[] contents = format.Serialize([key]);
        try
        {
            KeyFileWriter.Replace(path, contents);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contents);
        }
    }

    /// <summary>The nginx layout of the key's size, or null when it has none.</summary>
    private static FixedLayoutKeyFileFormat? FormatOf(TicketKey key) => (key.Cipher, key.HmacKeyLength) switch
    {
        (TicketCipher.Aes128Cbc, 16) => TicketKeyFileFormats.Nginx48,
        (TicketCipher.Aes256Cbc, 32) => TicketKeyFileFormats.Nginx80,
        _ => null,
    };

    private static TicketKeyFileException WrongSize(string path, long length) =>
        new(Invariant($"Ticket key file '{path}' is {length} bytes; {ExpectedSizes}."), path);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
