using System;
using System.IO;
using System.Runtime.InteropServices;

namespace TicketKeys.Benchmarks;

/// <summary>
/// The man page's ticket callback in C (Native/man_page_callback.c, bugs fixed), built with gcc next to the benchmarks,
/// and its timing harness. Absent when the build machine had no C compiler or OpenSSL headers.
/// </summary>
internal sealed unsafe class ManPageCallback
{
    private const string LibraryName = "libman_page_callback.so";

    private ManPageCallback(nint library)
    {
        var makeKey = (delegate* unmanaged[Cdecl]<byte*, int>)NativeLibrary.GetExport(library, "mancb_make_key");
        fixed (byte* name = KeyName)
        {
            if (makeKey(name) != 1)
            {
                throw new InvalidOperationException("the C ticket callback could not make its key");
            }
        }

        AttachLegacy = (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(library, "mancb_attach_legacy");
        AttachEvp = (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(library, "mancb_attach_evp");
        Legacy = NativeLibrary.GetExport(library, "mancb_legacy");
        Evp = NativeLibrary.GetExport(library, "mancb_evp");
        TimeLegacy = (delegate* unmanaged[Cdecl]<nint, nint, byte*, int, int, int, long>)NativeLibrary.GetExport(library, "mancb_time_legacy");
        TimeEvp = (delegate* unmanaged[Cdecl]<nint, nint, byte*, int, int, int, long>)NativeLibrary.GetExport(library, "mancb_time_evp");
    }

    /// <summary>Where the library is expected, for the message when it is missing.</summary>
    public static string ExpectedPath => Path.Combine(AppContext.BaseDirectory, LibraryName);

    /// <summary>The name of the callback's one key (AES-256, 32-byte HMAC key, valid for a day), made at load.</summary>
    public byte[] KeyName { get; } = new byte[16];

    public delegate* unmanaged[Cdecl]<nint, int> AttachLegacy { get; }

    public delegate* unmanaged[Cdecl]<nint, int> AttachEvp { get; }

    /// <summary>The HMAC_CTX callback's address.</summary>
    public nint Legacy { get; }

    /// <summary>The EVP_MAC callback's address.</summary>
    public nint Evp { get; }

    /// <summary><c>mancb_time_legacy(callback, ssl, name, enc, expected, calls)</c>: nanoseconds, or -1.</summary>
    public delegate* unmanaged[Cdecl]<nint, nint, byte*, int, int, int, long> TimeLegacy { get; }

    /// <summary><c>mancb_time_evp(callback, ssl, name, enc, expected, calls)</c>: nanoseconds, or -1.</summary>
    public delegate* unmanaged[Cdecl]<nint, nint, byte*, int, int, int, long> TimeEvp { get; }

    public static ManPageCallback? TryLoad() =>
        NativeLibrary.TryLoad(ExpectedPath, out nint library) ? new ManPageCallback(library) : null;
}
