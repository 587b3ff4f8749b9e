using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;

namespace TicketKeys;

/// <summary>
/// HAProxy's <c>tls-ticket-keys</c> file, read as HAProxy 2.x/3.x reads it (<c>src/cfgparse-ssl.c</c>,
/// <c>bind_parse_tls_ticket_keys</c>): one key per line, strict base64 (no spaces, a final <c>\r</c> allowed), each
/// decoding to <c>struct tls_sess_key_128</c> (name 16 | AES-128 key 16 | HMAC key 16, 48 bytes) or
/// <c>struct tls_sess_key_256</c> (name 16 | AES-256 key 32 | HMAC key 32, 80 bytes;
/// <c>include/haproxy/ssl_sock-t.h</c>); every line the size of the first; at least <c>TLS_TICKETS_NO</c> (3) lines.
/// HAProxy keeps the last 3 lines, encrypts with the penultimate one, and decrypts with all 3, renewing tickets of the
/// other two (<c>src/ssl_sock.c</c>, <c>ssl_tlsext_ticket_key_cb</c>): rotation appends a line, so the last line is
/// pre-staged, decrypting everywhere before any server encrypts with it.
/// </summary>
internal sealed class HAProxyKeyFileFormat : ITicketKeyFileFormat
{
    /// <summary>HAProxy's default <c>TLS_TICKETS_NO</c> (<c>include/haproxy/defaults.h</c>): keys in use, and the fewest lines it accepts.</summary>
    public const int KeysInUse = 3;

    private const int Key128Length = 48;
    private const int Key256Length = 80;

    public TicketKeyFileFormat Format => TicketKeyFileFormat.HAProxy;

    public string Name => "haproxy";

    public string Layout => "base64 lines of 48 bytes (name 16 | AES-128 key 16 | HMAC key 16) or 80 bytes (name 16 | AES-256 key 32 | HMAC key 32), at least 3, the penultimate encrypting";

    /// <summary>Whether the contents look like an HAProxy file: base64 characters and line ends only.</summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> contents)
    {
        if (contents.IsEmpty)
        {
            return false;
        }

        foreach (byte character in contents)
        {
            if (!(char.IsAsciiLetterOrDigit((char)character) || character is (byte)'+' or (byte)'/' or (byte)'=' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    public string? WhyCannotHold(IReadOnlyList<TicketKey> keys)
    {
        if (keys.Count is 0 or > KeysInUse)
        {
            return Invariant($"{Name} uses {KeysInUse} keys per file (the encrypting one, the pre-staged next one, the previous one), not {keys.Count}");
        }

        foreach (TicketKey key in keys)
        {
            int hmacLength = key.AesKeyLength;
            if (key.HmacKeyLength != hmacLength)
            {
                return Invariant($"{Name} ({Layout}) {(key.HmacKeyLength > hmacLength ? "would weaken" : "cannot hold")} key {key.NameHex} ({TicketKey.CipherName(key.Cipher)}, {key.HmacKeyLength}-byte HMAC key)");
            }

            if (key.Cipher != keys[0].Cipher)
            {
                return Invariant($"{Name} holds keys of one size per file; keys {keys[0].NameHex} and {key.NameHex} differ in cipher");
            }
        }

        return null;
    }

    public IReadOnlyList<TicketKey> Parse(ReadOnlySpan<byte> contents, string source, TicketKeyWindow window)
    {
        List<Range> lines = Lines(contents);
        if (lines.Count < KeysInUse)
        {
            throw new TicketKeyFileException(
                Invariant($"Ticket key file '{source}' holds {lines.Count} lines; {Name} files need at least {KeysInUse} ({Layout})."), source);
        }

        int keyLength = 0;
        Span<byte> decoded = stackalloc byte[Key256Length];
        try
        {
            for (int index = 0; index < lines.Count; index++)
            {
                int length = Decode(contents[lines[index]], decoded, source, index + 1);
                keyLength = keyLength == 0 ? length : keyLength;
                if (length != keyLength)
                {
                    throw new TicketKeyFileException(
                        Invariant($"Ticket key file '{source}' line {index + 1}: a {length}-byte key after {keyLength}-byte ones; HAProxy needs every line of one size."), source);
                }
            }

            // Preference order: the penultimate line encrypts; the last (pre-staged) and the one before decrypt only.
            int count = lines.Count;
            int[] inUse = [count - 2, count - 1, count - 3];
            var renewing = new TicketKeyWindow(window.NotBefore, window.NotBefore, window.NotAfter);
            var keys = new List<TicketKey>(KeysInUse);
            try
            {
                foreach (int index in inUse)
                {
                    int length = Decode(contents[lines[index]], decoded, source, index + 1);
                    if (!IsRepeat(keys, decoded[..length], source, index + 1))
                    {
                        keys.Add(ToKey(decoded[..length], keys.Count == 0 ? window : renewing));
                    }
                }

                return keys;
            }
            catch
            {
                keys.ForEach(key => key.Dispose());
                throw;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(decoded);
        }
    }

    public byte[] Serialize(IReadOnlyList<TicketKey> keys)
    {
        // Lines: previous, encrypting, next; missing keys are the encrypting key repeated, which HAProxy accepts (a
        // name is looked up from the encrypting line on, so a repeat is never reached) and which reads back as one key.
        TicketKey[] lines = keys.Count switch
        {
            1 => [keys[0], keys[0], keys[0]],
            2 => [keys[1], keys[0], keys[0]],
            _ => [keys[2], keys[0], keys[1]],
        };
        int keyLength = TicketKey.NameLength + keys[0].AesKeyLength + keys[0].HmacKeyLength;
        int lineLength = Base64.GetMaxEncodedToUtf8Length(keyLength) + 1;
        var contents = new byte[lines.Length * lineLength];
        Span<byte> key = stackalloc byte[keyLength];
        try
        {
            for (int index = 0; index < lines.Length; index++)
            {
                lines[index].Name.CopyTo(key);
                lines[index].CopySecretsTo(key.Slice(TicketKey.NameLength, lines[index].AesKeyLength), key[(TicketKey.NameLength + lines[index].AesKeyLength)..]);
                Span<byte> line = contents.AsSpan(index * lineLength, lineLength);
                _ = Base64.EncodeToUtf8(key, line, out _, out int written);
                line[written] = (byte)'\n';
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return contents;
    }

    /// <summary>Lines as HAProxy's <c>fgets</c> loop sees them: split at <c>\n</c>, one final <c>\r</c> dropped; no line after a final <c>\n</c>.</summary>
    private static List<Range> Lines(ReadOnlySpan<byte> contents)
    {
        var lines = new List<Range>();
        int start = 0;
        while (start < contents.Length)
        {
            int end = contents[start..].IndexOf((byte)'\n');
            int next = end < 0 ? contents.Length : start + end + 1;
            int stop = end < 0 ? contents.Length : start + end;
            if (stop > start && contents[stop - 1] == '\r')
            {
                stop--;
            }

            lines.Add(start..stop);
            start = next;
        }

        return lines;
    }

    /// <returns>The decoded length: 48 or 80.</returns>
    private static int Decode(ReadOnlySpan<byte> line, Span<byte> decoded, string source, int lineNumber)
    {
        if (line.Length > Base64.GetMaxEncodedToUtf8Length(Key256Length))
        {
            throw WrongLine(source, lineNumber, Invariant($"{line.Length} characters, longer than any key's base64"));
        }

        if (Base64.DecodeFromUtf8(line, decoded, out _, out int written) != System.Buffers.OperationStatus.Done)
        {
            throw WrongLine(source, lineNumber, "not base64 (HAProxy takes one key per line, no spaces or blank lines)");
        }

        return written is Key128Length or Key256Length ? written : throw WrongLine(source, lineNumber, Invariant($"decodes to {written} bytes"));
    }

    /// <summary>True for a line repeating a key already taken; a repeated name with other key bytes is refused.</summary>
    private static bool IsRepeat(List<TicketKey> keys, ReadOnlySpan<byte> line, string source, int lineNumber)
    {
        TicketKey? taken = null;
        foreach (TicketKey key in keys)
        {
            taken = key.HasName(line[..TicketKey.NameLength]) ? key : taken;
        }

        if (taken is null)
        {
            return false;
        }

        using TicketKey again = ToKey(line, TicketKeyWindow.Unbounded);
        int length = taken.AesKeyLength + taken.HmacKeyLength;
        Span<byte> mine = stackalloc byte[Key256Length - TicketKey.NameLength];
        Span<byte> theirs = stackalloc byte[Key256Length - TicketKey.NameLength];
        try
        {
            taken.CopySecretsTo(mine[..taken.AesKeyLength], mine[taken.AesKeyLength..length]);
            again.CopySecretsTo(theirs[..taken.AesKeyLength], theirs[taken.AesKeyLength..length]);
            return CryptographicOperations.FixedTimeEquals(mine[..length], theirs[..length])
                ? true
                : throw WrongLine(source, lineNumber, Invariant($"repeats key name {taken.NameHex} with other key bytes, so tickets could not tell the two keys apart"));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(mine);
            CryptographicOperations.ZeroMemory(theirs);
        }
    }

    private static TicketKey ToKey(ReadOnlySpan<byte> line, TicketKeyWindow window)
    {
        int secretLength = (line.Length - TicketKey.NameLength) / 2;
        return TicketKey.Create(line[..TicketKey.NameLength], line.Slice(TicketKey.NameLength, secretLength), line[(TicketKey.NameLength + secretLength)..], window);
    }

    private static TicketKeyFileException WrongLine(string source, int lineNumber, string problem) =>
        new(Invariant($"Ticket key file '{source}' line {lineNumber}: {problem}; an HAProxy tls-ticket-keys line is the base64 of 48 or 80 bytes."), source);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
