using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace TicketKeys.Integration.Tests.Proofs;

/// <summary>
/// Looks for key bytes in text: raw (as Latin-1 characters), upper- and lower-case hex, and base64 of the AES key and
/// of the HMAC key. Key names are not secret (every ticket carries one in clear) and are not looked for.
/// </summary>
internal sealed partial class SecretScanner(IEnumerable<byte[]> secrets)
{
    private readonly string[] _forms = [.. secrets.SelectMany(secret => new[]
    {
        Encoding.Latin1.GetString(secret),
        Convert.ToHexString(secret),
        Convert.ToHexStringLower(secret),
        Convert.ToBase64String(secret),
        Convert.ToBase64String(secret).TrimEnd('='),
    })];

    public int TextsScanned { get; private set; }

    /// <summary>Fails naming <paramref name="where"/> (never the secret) when <paramref name="text"/> holds key bytes.</summary>
    public void AssertClean(string where, string? text)
    {
        TextsScanned++;
        if (text is null)
        {
            return;
        }

        int form = Array.FindIndex(_forms, candidate => text.Contains(candidate, StringComparison.Ordinal));
        Assert.True(form < 0, $"{where} contains key bytes (form {form % 5} of secret {form / 5}; not shown).");
    }

    /// <summary>
    /// For output about keys nobody outside the process knows (a self-rotating ring): no run of hex or base64 long
    /// enough to be a 128-bit or longer key. Key names are printed shortened, so 32 hex digits never appear.
    /// </summary>
    public static void AssertNoKeyLikeRuns(string where, string text)
    {
        Match hex = LongHex().Match(text);
        Assert.False(hex.Success, $"{where} contains a {hex.Length}-digit hex run, as long as a key.");
        Match base64 = LongBase64().Match(text);
        Assert.False(base64.Success, $"{where} contains a {base64.Length}-character base64 run, as long as a key.");
    }

    [GeneratedRegex("[0-9A-Fa-f]{32,}")]
    private static partial Regex LongHex();

    [GeneratedRegex("[A-Za-z0-9+/]{22,}={0,2}")]
    private static partial Regex LongBase64();
}
