using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TicketKeys.Interop;

namespace TicketKeys.Callback;

/// <summary>
/// An <c>SSL</c> ex_data slot whose values are blocks of <see cref="NativeMemory"/> owned by the connection: OpenSSL
/// calls the slot's free callback when the <c>SSL</c> is freed, and it releases the block. Per-connection records
/// (<see cref="ServerNameRecord"/>, <see cref="ResumedKeyRecord"/>) keep their copies in such slots.
/// </summary>
internal static unsafe class SslOwnedMemorySlot
{
    /// <summary>Creates a new slot; throws <see cref="OpenSslUnavailableException"/> when OpenSSL refuses.</summary>
    public static int Create()
    {
        OpenSslLibrary.EnsureLoaded();
        int index = LibCrypto.GetExNewIndex(LibCrypto.ExIndexSsl, new CLong(0), 0, 0, 0, (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, int, CLong, nint, void>)&Free);
        return index >= 0
            ? index
            : throw new OpenSslUnavailableException($"CRYPTO_get_ex_new_index failed for SSL: {OpenSslError.Drain()}");
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Free(nint ssl, nint block, nint exData, int index, CLong argl, nint argp)
    {
        if (block != 0)
        {
            NativeMemory.Free((void*)block);
        }
    }
}
