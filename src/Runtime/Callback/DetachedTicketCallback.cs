using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TicketKeys.Callback;

/// <summary>
/// The ticket callback a context keeps once its provider is detached: it issues no ticket and accepts none. Clearing
/// the callback instead would hand tickets to OpenSSL's built-in per-context key, which never rotates.
/// </summary>
internal static unsafe class DetachedTicketCallback
{
    public static void* Pointer => (delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint, nint, int, int>)&NoTicket;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int NoTicket(nint ssl, byte* keyName, byte* iv, nint cipherContext, nint macContext, int enc) => 0;
}
