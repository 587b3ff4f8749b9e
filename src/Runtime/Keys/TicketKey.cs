using System;
using System.Globalization;
using System.Security.Cryptography;

namespace TicketKeys;

/// <summary>
/// One session-ticket key: a 16-byte name sent in clear in every ticket, an AES-CBC key that encrypts the ticket
/// and an HMAC-SHA256 key that authenticates it, with the window in which it may be used.
/// </summary>
/// <remarks>
/// Key bytes live in native memory that the GC never moves or copies and are zeroed when the key is disposed
/// (a <see cref="TicketKeyRing"/> disposes the keys it retires). <see cref="ToString"/> shows the name and window only.
/// </remarks>
public sealed unsafe class TicketKey : IDisposable
{
    /// <summary>Length of a key name: fixed by the ticket format (RFC 5077 section 4).</summary>
    public const int NameLength = 16;

    /// <summary>The longest HMAC key kept as is: SHA-256 hashes longer keys down to 32 bytes.</summary>
    public const int MaxHmacKeyLength = 64;

    private readonly byte[] _name;
    private readonly PinnedSecret _secret;

    // SafeHandle marks itself closed only once the last reference goes, so a key disposed while a callback
    // uses it would still look alive and could still be acquired: track disposal here.
    private volatile bool _disposed;

    private TicketKey(ReadOnlySpan<byte> name, TicketCipher cipher, int hmacKeyLength, TicketKeyWindow window)
    {
        _name = name.ToArray();
        Cipher = cipher;
        HmacKeyLength = hmacKeyLength;
        Window = window;
        _secret = new PinnedSecret(AesKeyLength + hmacKeyLength);
    }

    /// <summary>The 16-byte key name that tickets carry in clear.</summary>
    public ReadOnlySpan<byte> Name => _name;

    /// <summary>The name as upper-case hex, for logs.</summary>
    public string NameHex => Convert.ToHexString(_name);

    /// <summary>The ticket cipher, which fixes <see cref="AesKeyLength"/>.</summary>
    public TicketCipher Cipher { get; }

    /// <summary>16 for AES-128-CBC, 32 for AES-256-CBC.</summary>
    public int AesKeyLength => AesKeyLengthOf(Cipher);

    /// <summary>Length of the HMAC-SHA256 key, never shorter than <see cref="AesKeyLength"/>.</summary>
    public int HmacKeyLength { get; }

    /// <summary>
    /// The ticket's security in bits: the weaker of the AES key and the HMAC key (whose strength HMAC-SHA256 caps at
    /// 256 bits). 256 for AES-256 keys, 128 for AES-128 keys such as nginx's 48-byte files.
    /// </summary>
    public int StrengthBits => Math.Min(AesKeyLength, Math.Min(HmacKeyLength, 32)) * 8;

    /// <summary>When the key may be used.</summary>
    public TicketKeyWindow Window { get; }

    /// <summary>Whether the key has been disposed (its bytes zeroed, or about to be once no callback uses them).</summary>
    public bool IsDisposed => _disposed;

    internal byte* AesKey => _secret.Pointer;

    internal byte* HmacKey => _secret.Pointer + AesKeyLength;

    /// <summary>Creates a key from given bytes, which are copied into pinned memory.</summary>
    /// <exception cref="ArgumentException">A length is wrong; the message names the field and its byte count.</exception>
    public static TicketKey Create(ReadOnlySpan<byte> name, ReadOnlySpan<byte> aesKey, ReadOnlySpan<byte> hmacKey, TicketKeyWindow window)
    {
        if (name.Length != NameLength)
        {
            throw new ArgumentException(Invariant($"Ticket key name must be {NameLength} bytes; got {name.Length} bytes."), nameof(name));
        }

        TicketCipher cipher = aesKey.Length switch
        {
            16 => TicketCipher.Aes128Cbc,
            32 => TicketCipher.Aes256Cbc,
            _ => throw new ArgumentException(
                Invariant($"Ticket AES key must be 16 bytes (AES-128-CBC) or 32 bytes (AES-256-CBC); got {aesKey.Length} bytes."),
                nameof(aesKey)),
        };
        ValidateHmacKeyLength(hmacKey.Length, aesKey.Length);

        var key = new TicketKey(name, cipher, hmacKey.Length, window);
        aesKey.CopyTo(key._secret.Span);
        hmacKey.CopyTo(key._secret.Span[aesKey.Length..]);
        return key;
    }

    /// <summary>Creates a key with a random name and random key bytes from the system CSPRNG.</summary>
    /// <param name="window">When the key may be used.</param>
    /// <param name="cipher">The ticket cipher; AES-256-CBC by default.</param>
    /// <param name="hmacKeyLength">HMAC key length; 32 bytes by default, never shorter than the AES key.</param>
    public static TicketKey Generate(TicketKeyWindow window, TicketCipher cipher = TicketCipher.Aes256Cbc, int hmacKeyLength = 32)
    {
        ValidateHmacKeyLength(hmacKeyLength, AesKeyLengthOf(cipher));
        Span<byte> name = stackalloc byte[NameLength];
        RandomNumberGenerator.Fill(name);
        var key = new TicketKey(name, cipher, hmacKeyLength, window);
        RandomNumberGenerator.Fill(key._secret.Span);
        return key;
    }

    /// <summary>Whether this key carries <paramref name="name"/>.</summary>
    public bool HasName(ReadOnlySpan<byte> name) => name.SequenceEqual(_name);

    /// <summary>The same key bytes under another window, as a new key (the bytes go from pinned memory to pinned memory).</summary>
    /// <exception cref="ObjectDisposedException">The key is disposed.</exception>
    internal TicketKey WithWindow(TicketKeyWindow window)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var copy = new TicketKey(_name, Cipher, HmacKeyLength, window);
        bool added = false;
        try
        {
            _secret.DangerousAddRef(ref added);
            _secret.Span.CopyTo(copy._secret.Span);
            return copy;
        }
        catch (ObjectDisposedException)
        {
            copy.Dispose();
            throw;
        }
        finally
        {
            if (added)
            {
                _secret.DangerousRelease();
            }
        }
    }

    /// <summary>Copies the AES key and HMAC key out, for writing a key file. Callers must zero the buffers.</summary>
    internal void CopySecretsTo(Span<byte> aesKey, Span<byte> hmacKey)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        bool added = false;
        _secret.DangerousAddRef(ref added);
        try
        {
            _secret.Span[..AesKeyLength].CopyTo(aesKey);
            _secret.Span[AesKeyLength..].CopyTo(hmacKey);
        }
        finally
        {
            if (added)
            {
                _secret.DangerousRelease();
            }
        }
    }

    /// <summary>Keeps the key bytes alive for the duration of a callback; false once the key is disposed.</summary>
    internal bool TryAcquire()
    {
        if (_disposed)
        {
            return false;
        }

        bool added = false;
        try
        {
            _secret.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        if (added && _disposed)
        {
            // Disposed meanwhile: the bytes stay valid for holders that acquired earlier, but no new use starts.
            _secret.DangerousRelease();
            return false;
        }

        return added;
    }

    internal void Release() => _secret.DangerousRelease();

    /// <summary>Zeroes and frees the key bytes (once no callback uses them any more).</summary>
    public void Dispose()
    {
        _disposed = true;
        _secret.Dispose();
    }

    /// <summary>The name, cipher and window; never key bytes.</summary>
    public override string ToString() =>
        Invariant($"TicketKey {NameHex} ({CipherName(Cipher)}, HMAC-SHA256 {HmacKeyLength * 8}-bit key, {Window})");

    internal static int AesKeyLengthOf(TicketCipher cipher) => cipher switch
    {
        TicketCipher.Aes128Cbc => 16,
        TicketCipher.Aes256Cbc => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(cipher), cipher, "Unknown ticket cipher."),
    };

    internal static string CipherName(TicketCipher cipher) => cipher == TicketCipher.Aes128Cbc ? "AES-128-CBC" : "AES-256-CBC";

    private static void ValidateHmacKeyLength(int hmacKeyLength, int aesKeyLength)
    {
        if (hmacKeyLength < aesKeyLength)
        {
            throw new ArgumentException(
                Invariant($"Ticket HMAC key is {hmacKeyLength} bytes, shorter than the {aesKeyLength}-byte AES key: the ticket would only have {hmacKeyLength * 8}-bit security."),
                "hmacKey");
        }

        if (hmacKeyLength > MaxHmacKeyLength)
        {
            throw new ArgumentException(
                Invariant($"Ticket HMAC key is {hmacKeyLength} bytes; at most {MaxHmacKeyLength} bytes are used by HMAC-SHA256."),
                "hmacKey");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
