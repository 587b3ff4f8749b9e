using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;

namespace TicketKeys.Redis;

/// <summary>
/// The 32-byte AES-256-GCM key that wraps every ticket key stored in Redis, so that what Redis holds (and its dumps,
/// replicas and backups) opens no ticket. Held in pinned memory and zeroed on dispose; never printed.
/// </summary>
public sealed class RedisKeyEncryptionKey : IDisposable
{
    /// <summary>Length of the key: AES-256.</summary>
    public const int Length = 32;

    private readonly byte[] _key = GC.AllocateArray<byte>(Length, pinned: true);
    private bool _disposed;

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private RedisKeyEncryptionKey(ReadOnlySpan<byte> key) => key.CopyTo(_key);

    /// <summary>Where the key came from, for messages: a file path or an environment variable's name.</summary>
    public string Source { get; private init; } = "bytes";

    /// <summary>
    /// Reads the key from a file holding 32 raw bytes, or their base64 text (44 characters, surrounding whitespace
    /// ignored), and refuses a file that group or others may access (<see cref="KeyFilePermissions.Enforce"/>).
    /// </summary>
    /// <param name="path">The file, for example made with <c>openssl rand -out fleet.kek 32</c> and <c>chmod 600</c>.</param>
    /// <exception cref="IOException">The file is missing, unreadable, accessible by group or others, or of the wrong size or content; the message names it and its byte count.</exception>
    public static RedisKeyEncryptionKey FromFile(string path) => FromFile(path, KeyFilePermissions.Enforce);

    /// <summary>Reads the key from a file as <see cref="FromFile(string)"/> does, with the permission check chosen.</summary>
    /// <param name="path">The file.</param>
    /// <param name="permissions">
    /// <see cref="KeyFilePermissions.Enforce"/>: refuse a file readable or writable by group or others, as for ticket key
    /// files (whoever reads the KEK and Redis reads every ticket key); <see cref="KeyFilePermissions.Ignore"/> for file
    /// systems without POSIX modes.
    /// </param>
    /// <exception cref="IOException">The file is missing, unreadable, accessible by group or others, or of the wrong size or content; the message names it and its byte count.</exception>
    public static RedisKeyEncryptionKey FromFile(string path, KeyFilePermissions permissions)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] contents;
        UnixFileMode mode;
        try
        {
            using FileStream stream = File.OpenRead(path);
            mode = OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(stream.SafeFileHandle);
            contents = new byte[stream.Length];
            stream.ReadExactly(contents);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new IOException(Invariant($"Key-encryption key file '{path}' cannot be read: {exception.Message}"), exception);
        }

        if (permissions == KeyFilePermissions.Enforce && (mode & GroupOrOthers) != 0)
        {
            CryptographicOperations.ZeroMemory(contents);
            throw new IOException(Invariant(
                $"Key-encryption key file '{path}' is accessible by group or others (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}): whoever reads it and Redis reads every ticket key. Fix it with: chmod 600 '{path}' (or use KeyFilePermissions.Ignore on file systems without POSIX modes)."));
        }

        try
        {
            return Decode(contents, Invariant($"file '{path}'"))
                ?? throw new IOException(Invariant(
                    $"Key-encryption key file '{path}' is {contents.Length} bytes; expected {Length} raw bytes or their base64 text (44 characters)."));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contents);
        }
    }

    /// <summary>Reads the key from an environment variable holding its base64 text (44 characters).</summary>
    /// <param name="variable">The variable's name.</param>
    /// <exception cref="IOException">The variable is unset, or does not hold 32 bytes of base64; the message names it.</exception>
    public static RedisKeyEncryptionKey FromEnvironmentVariable(string variable)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        string text = Environment.GetEnvironmentVariable(variable)
            ?? throw new IOException(Invariant($"Key-encryption key variable {variable} is not set."));
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(text);
        try
        {
            // Raw bytes cannot travel in a variable: only the base64 form counts here.
            return (bytes.Length == Length ? null : Decode(bytes, Invariant($"variable {variable}")))
                ?? throw new IOException(Invariant($"Key-encryption key variable {variable} holds {text.Length} characters; expected the base64 text of {Length} bytes (44 characters)."));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Makes a key from 32 bytes, which are copied.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static RedisKeyEncryptionKey FromBytes(ReadOnlySpan<byte> key) => key.Length == Length
        ? new RedisKeyEncryptionKey(key)
        : throw new ArgumentException(Invariant($"A key-encryption key is {Length} bytes; got {key.Length} bytes."), nameof(key));

    /// <summary>Zeroes the key.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_key);
    }

    /// <summary>The source only; never key bytes.</summary>
    public override string ToString() => Invariant($"key-encryption key from {Source}");

    /// <summary>An AES-GCM instance over the key; the caller disposes it.</summary>
    internal AesGcm CreateCipher()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new AesGcm(_key, WrappedKeyRecord.TagLength);
    }

    /// <summary>A key from 32 raw bytes or the base64 text of 32 bytes; null for anything else.</summary>
    private static RedisKeyEncryptionKey? Decode(byte[] contents, string source)
    {
        if (contents.Length == Length)
        {
            return new RedisKeyEncryptionKey(contents) { Source = source };
        }

        // One spare byte: the decoder wants room for a whole last block.
        Span<byte> decoded = stackalloc byte[Length + 1];
        try
        {
            ReadOnlySpan<byte> text = contents.AsSpan().Trim(" \t\r\n"u8);
            return System.Buffers.Text.Base64.DecodeFromUtf8(text, decoded, out int consumed, out int written) == System.Buffers.OperationStatus.Done
                && consumed == text.Length && written == Length
                ? new RedisKeyEncryptionKey(decoded[..Length]) { Source = source }
                : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(decoded);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
