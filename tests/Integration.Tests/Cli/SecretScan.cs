using System;
using Xunit;

namespace TicketKeys.Integration.Tests.Cli;

/// <summary>Fails when any key byte sequence of a key file shows in output, raw, as hex or as base64.</summary>
internal static class SecretScan
{
    /// <param name="keyFile">The whole key file; its secret part (everything after the 16-byte name) is searched for.</param>
    /// <param name="outputs">What the tool printed.</param>
    public static void AssertAbsent(byte[] keyFile, params string[] outputs)
    {
        ReadOnlySpan<byte> secret = keyFile.AsSpan(TicketKey.NameLength);
        string[] forms =
        [
            Convert.ToHexString(secret),
            Convert.ToHexString(secret).ToLowerInvariant(),
            Convert.ToBase64String(secret),
            System.Text.Encoding.Latin1.GetString(secret),
        ];
        foreach (string output in outputs)
        {
            foreach (string form in forms)
            {
                // Any 8-byte run of the secret would betray it; hex and base64 runs of that length are long enough not to occur by chance.
                for (int start = 0; start + 16 <= form.Length; start += 4)
                {
                    Assert.DoesNotContain(form.Substring(start, 16), output, StringComparison.Ordinal);
                }
            }
        }
    }
}
