using System;
using System.Collections.Generic;
using System.Globalization;

namespace TicketKeys;

/// <summary>
/// A binary file of exactly one key: the 16-byte name first, then the AES and HMAC keys at fixed offsets. nginx, Apache
/// and OpenSSL's own buffer differ only in sizes and in which of the two secrets comes first; each is one instance,
/// with its source, in <see cref="TicketKeyFileFormats"/>.
/// </summary>
internal sealed class FixedLayoutKeyFileFormat : ITicketKeyFileFormat
{
    private readonly TicketCipher _cipher;
    private readonly int _aesOffset;
    private readonly int _hmacOffset;
    private readonly int _hmacLength;

    /// <param name="format">The format.</param>
    /// <param name="name">Its command-line name.</param>
    /// <param name="cipher">The only cipher the server uses with such a file.</param>
    /// <param name="hmacLength">The HMAC key's length.</param>
    /// <param name="aesFirst">Whether the AES key comes right after the name (else the HMAC key does).</param>
    public FixedLayoutKeyFileFormat(TicketKeyFileFormat format, string name, TicketCipher cipher, int hmacLength, bool aesFirst)
    {
        Format = format;
        Name = name;
        _cipher = cipher;
        _hmacLength = hmacLength;
        int aesLength = TicketKey.AesKeyLengthOf(cipher);
        _aesOffset = aesFirst ? TicketKey.NameLength : TicketKey.NameLength + hmacLength;
        _hmacOffset = aesFirst ? TicketKey.NameLength + aesLength : TicketKey.NameLength;
        FileLength = TicketKey.NameLength + aesLength + hmacLength;
        string aes = Invariant($"{TicketKey.CipherName(cipher)} key ({aesLength})");
        string hmac = Invariant($"HMAC-SHA256 key ({hmacLength})");
        Layout = Invariant($"{FileLength} bytes: name (16) | {(aesFirst ? aes : hmac)} | {(aesFirst ? hmac : aes)}");
    }

    public TicketKeyFileFormat Format { get; }

    public string Name { get; }

    public string Layout { get; }

    public int FileLength { get; }

    public string? WhyCannotHold(IReadOnlyList<TicketKey> keys)
    {
        if (keys.Count != 1)
        {
            return Invariant($"{Name} holds one key, not {keys.Count}");
        }

        TicketKey key = keys[0];
        if (key.Cipher == _cipher && key.HmacKeyLength == _hmacLength)
        {
            return null;
        }

        bool weakens = key.AesKeyLength > TicketKey.AesKeyLengthOf(_cipher) || key.HmacKeyLength > _hmacLength;
        return Invariant($"{Name} ({Layout}) {(weakens ? "would weaken" : "cannot hold")} key {key.NameHex} ({TicketKey.CipherName(key.Cipher)}, {key.HmacKeyLength}-byte HMAC key)");
    }

    public IReadOnlyList<TicketKey> Parse(ReadOnlySpan<byte> contents, string source, TicketKeyWindow window)
    {
        if (contents.Length != FileLength)
        {
            throw new TicketKeyFileException(Invariant($"Ticket key file '{source}' is {contents.Length} bytes; {Name} files are {Layout}."), source);
        }

        int aesLength = TicketKey.AesKeyLengthOf(_cipher);
        return [TicketKey.Create(contents[..TicketKey.NameLength], contents.Slice(_aesOffset, aesLength), contents.Slice(_hmacOffset, _hmacLength), window)];
    }

    public byte[] Serialize(IReadOnlyList<TicketKey> keys)
    {
        TicketKey key = keys[0];
        var contents = new byte[FileLength];
        key.Name.CopyTo(contents);
        key.CopySecretsTo(contents.AsSpan(_aesOffset, key.AesKeyLength), contents.AsSpan(_hmacOffset, key.HmacKeyLength));
        return contents;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
