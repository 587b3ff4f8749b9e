using System.Globalization;

namespace TicketKeys.Cli;

/// <summary>How the tool names a key's protection: cipher, MAC key size, strength; never key bytes.</summary>
internal static class KeyDescription
{
    public static string Of(TicketKey key) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(key.Cipher == TicketCipher.Aes128Cbc ? "AES-128-CBC" : "AES-256-CBC")} with HMAC-SHA256 ({key.HmacKeyLength * 8}-bit key), {key.StrengthBits}-bit strength");
}
