using System;
using System.Runtime.InteropServices;
using TicketKeys.Interop;

namespace TicketKeys.Callback;

/// <summary>
/// Keeps a TLS 1.2 connection's SNI name from the ClientHello for the rest of the handshake. On a TLS 1.2 resumption
/// OpenSSL answers <c>SSL_get_servername</c> from the resumed session, which carries no name when it came from a
/// ticket, and the ClientHello is gone by the time a renewed ticket is sealed: without this record the renewal would
/// see no name where the lookup saw one. The copy lives in native memory owned by the <c>SSL</c> (an ex_data slot
/// whose free callback releases it).
/// </summary>
internal static unsafe class ServerNameRecord
{
    private static readonly int Index = SslOwnedMemorySlot.Create();

    /// <summary>The recorded name, or empty.</summary>
    public static ReadOnlySpan<byte> Read(nint ssl)
    {
        byte* recorded = (byte*)LibSsl.GetExData(ssl, Index);
        return recorded is null ? default : MemoryMarshal.CreateReadOnlySpanFromNullTerminated(recorded);
    }

    /// <summary>Records <paramref name="serverName"/> for the connection, once.</summary>
    public static void Record(nint ssl, ReadOnlySpan<byte> serverName)
    {
        if (serverName.IsEmpty || serverName.Contains((byte)0) || LibSsl.GetExData(ssl, Index) != 0)
        {
            return;
        }

        byte* copy = (byte*)NativeMemory.Alloc((nuint)serverName.Length + 1);
        serverName.CopyTo(new Span<byte>(copy, serverName.Length));
        copy[serverName.Length] = 0;
        if (LibSsl.SetExData(ssl, Index, (nint)copy) != 1)
        {
            NativeMemory.Free(copy);
            LibCrypto.ClearError();
        }
    }
}
