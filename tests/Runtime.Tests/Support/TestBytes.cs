using System.Security.Cryptography;

namespace TicketKeys.Tests.Support;

internal static class TestBytes
{
    /// <summary>first, first + 1, ...: distinct runs make a field read from the wrong offset show.</summary>
    public static byte[] Run(int length, byte first)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = unchecked((byte)(first + i));
        }

        return bytes;
    }

    public static byte[] Random(int length) => RandomNumberGenerator.GetBytes(length);
}
