using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace TicketKeys.Redis;

/// <summary>
/// One ticket key as Redis holds it: a hash field named by the key name in hex, whose value is a 36-byte header in
/// clear (format, whether wrapped, generation, window, key lengths) and the key bytes sealed with AES-256-GCM under the
/// KEK. The associated data is a label, the key name and the whole header, so an entry moved to another name or
/// generation, or given another window, no longer opens.
/// </summary>
internal sealed class WrappedKeyRecord
{
    internal const int TagLength = 16;
    private const int NonceLength = 12;
    private const int HeaderLength = 36;
    private const byte FormatVersion = 1;
    private const byte WrappedFlag = 1;
    private static readonly byte[] AssociatedLabel = "TicketKeys.Redis/1"u8.ToArray();

    private readonly byte[] _value;

    private WrappedKeyRecord(string field, byte[] name, byte[] value, long generation, TicketKeyWindow window, int aesKeyLength, int hmacKeyLength)
    {
        Field = field;
        Name = name;
        _value = value;
        Generation = generation;
        Window = window;
        AesKeyLength = aesKeyLength;
        HmacKeyLength = hmacKeyLength;
    }

    /// <summary>The hash field: the key name as upper-case hex.</summary>
    public string Field { get; }

    public byte[] Name { get; }

    /// <summary>The generation that wrote the key: part of the associated data.</summary>
    public long Generation { get; }

    public TicketKeyWindow Window { get; }

    public int AesKeyLength { get; }

    public int HmacKeyLength { get; }

    /// <summary>The stored value (header and sealed key bytes).</summary>
    public ReadOnlyMemory<byte> Value => _value;

    /// <summary>A new random key sealed under <paramref name="kek"/> (in clear only when it is null: the explicit opt-out).</summary>
    public static WrappedKeyRecord Generate(long generation, TicketKeyWindow window, TicketCipher cipher, RedisKeyEncryptionKey? kek)
    {
        int aesKeyLength = cipher == TicketCipher.Aes128Cbc ? 16 : 32;
        int hmacKeyLength = aesKeyLength;
        byte[] name = RandomNumberGenerator.GetBytes(TicketKey.NameLength);
        int secretLength = aesKeyLength + hmacKeyLength;
        byte[] value = new byte[HeaderLength + (kek is null ? secretLength : NonceLength + secretLength + TagLength)];
        WriteHeader(value, kek is not null, generation, window, aesKeyLength, hmacKeyLength);

        byte[] secret = GC.AllocateArray<byte>(secretLength, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(secret);
            if (kek is null)
            {
                secret.CopyTo(value, HeaderLength);
            }
            else
            {
                Span<byte> nonce = value.AsSpan(HeaderLength, NonceLength);
                RandomNumberGenerator.Fill(nonce);
                using AesGcm aes = kek.CreateCipher();
                aes.Encrypt(nonce, secret, value.AsSpan(HeaderLength + NonceLength, secretLength),
                    value.AsSpan(HeaderLength + NonceLength + secretLength, TagLength), AssociatedData(name, value));
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        return new WrappedKeyRecord(Convert.ToHexString(name), name, value, generation, window, aesKeyLength, hmacKeyLength);
    }

    /// <summary>Reads an entry's header; the key bytes stay sealed.</summary>
    /// <exception cref="TicketKeyStoreException">The entry is malformed; the message names it, the field and the byte count.</exception>
    public static WrappedKeyRecord Parse(string field, byte[] value, string store)
    {
        string entry = Invariant($"{store}: key entry {field}");
        byte[] name;
        try
        {
            name = Convert.FromHexString(field);
        }
        catch (FormatException)
        {
            throw new TicketKeyStoreException($"{entry}: the field is not a key name in hex.");
        }

        if (name.Length != TicketKey.NameLength)
        {
            throw new TicketKeyStoreException(Invariant($"{entry}: the key name is {name.Length} bytes; expected {TicketKey.NameLength}."));
        }

        if (value.Length < HeaderLength || value[0] != FormatVersion)
        {
            throw new TicketKeyStoreException(Invariant($"{entry} is {value.Length} bytes and not in format {FormatVersion} (a {HeaderLength}-byte header first)."));
        }

        bool wrapped = value[1] == WrappedFlag;
        long generation = BinaryPrimitives.ReadInt64BigEndian(value.AsSpan(2));
        int aesKeyLength = value[34];
        int hmacKeyLength = value[35];
        int expected = HeaderLength + (wrapped ? NonceLength + TagLength : 0) + aesKeyLength + hmacKeyLength;
        if (value.Length != expected || aesKeyLength is not (16 or 32) || hmacKeyLength < aesKeyLength || hmacKeyLength > TicketKey.MaxHmacKeyLength)
        {
            throw new TicketKeyStoreException(Invariant(
                $"{entry} is {value.Length} bytes with a {aesKeyLength}-byte AES key and a {hmacKeyLength}-byte HMAC key; expected {expected} bytes, AES 16 or 32, HMAC from the AES length to {TicketKey.MaxHmacKeyLength}."));
        }

        TicketKeyWindow window;
        try
        {
            window = new TicketKeyWindow(ReadInstant(value, 10), ReadInstant(value, 18), ReadInstant(value, 26));
        }
        catch (ArgumentException exception)
        {
            throw new TicketKeyStoreException($"{entry} has an unusable window: {exception.Message}", exception);
        }

        return new WrappedKeyRecord(field, name, value, generation, window, aesKeyLength, hmacKeyLength);
    }

    /// <summary>Opens the sealed key bytes into a new <see cref="TicketKey"/>.</summary>
    /// <exception cref="TicketKeyStoreException">The entry does not open with this KEK, or its wrapping does not match this node's configuration.</exception>
    public TicketKey Open(RedisKeyEncryptionKey? kek, string store)
    {
        string entry = Invariant($"{store}: key entry {Field} (generation {Generation})");
        bool wrapped = _value[1] == WrappedFlag;
        if (wrapped && kek is null)
        {
            throw new TicketKeyStoreException($"{entry} is wrapped with a key-encryption key, and this node has none: give it the fleet's KEK.");
        }

        if (!wrapped && kek is not null)
        {
            // Someone with write access to Redis must not get clear keys accepted by a node that expects wrapped ones.
            throw new TicketKeyStoreException($"{entry} is stored in clear, and this node only accepts keys wrapped with its {kek}.");
        }

        int secretLength = AesKeyLength + HmacKeyLength;
        byte[] secret = GC.AllocateArray<byte>(secretLength, pinned: true);
        try
        {
            if (kek is null)
            {
                _value.AsSpan(HeaderLength, secretLength).CopyTo(secret);
            }
            else
            {
                using AesGcm aes = kek.CreateCipher();
                try
                {
                    aes.Decrypt(_value.AsSpan(HeaderLength, NonceLength), _value.AsSpan(HeaderLength + NonceLength, secretLength),
                        _value.AsSpan(HeaderLength + NonceLength + secretLength, TagLength), secret, AssociatedData(Name, _value));
                }
                catch (AuthenticationTagMismatchException exception)
                {
                    throw new TicketKeyStoreException(
                        $"{entry} does not open with the {kek}: the fleet's keys were written with another KEK, or the entry was altered.", exception);
                }
            }

            return TicketKey.Create(Name, secret.AsSpan(0, AesKeyLength), secret.AsSpan(AesKeyLength), Window);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static void WriteHeader(Span<byte> value, bool wrapped, long generation, TicketKeyWindow window, int aesKeyLength, int hmacKeyLength)
    {
        value[0] = FormatVersion;
        value[1] = wrapped ? WrappedFlag : (byte)0;
        BinaryPrimitives.WriteInt64BigEndian(value[2..], generation);
        BinaryPrimitives.WriteInt64BigEndian(value[10..], window.NotBefore.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(value[18..], window.RenewAfter.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(value[26..], window.NotAfter.UtcTicks);
        value[34] = (byte)aesKeyLength;
        value[35] = (byte)hmacKeyLength;
    }

    private static DateTimeOffset ReadInstant(byte[] value, int offset)
    {
        long ticks = BinaryPrimitives.ReadInt64BigEndian(value.AsSpan(offset));
        return ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : throw new ArgumentException(Invariant($"an instant at byte {offset} is out of range"));
    }

    private static byte[] AssociatedData(byte[] name, byte[] value) =>
        [.. AssociatedLabel, .. name, .. value.AsSpan(0, HeaderLength)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
