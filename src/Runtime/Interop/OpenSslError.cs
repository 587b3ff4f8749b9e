using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace TicketKeys.Interop;

/// <summary>Reads and empties this thread's OpenSSL error queue, for exception messages.</summary>
internal static unsafe class OpenSslError
{
    private const int BufferLength = 256;

    public static string Drain()
    {
        var messages = new List<string>();
        byte* buffer = stackalloc byte[BufferLength];
        for (nuint error = LibCrypto.GetError().Value; error != 0; error = LibCrypto.GetError().Value)
        {
            LibCrypto.ErrorString(new CULong(error), buffer, BufferLength);
            messages.Add(Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(buffer)));
        }

        return messages.Count == 0 ? "no OpenSSL error reported" : string.Join("; ", messages);
    }
}
