using System;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace TicketKeys;

/// <summary>
/// Native memory for key bytes: never moved or copied by the GC, zeroed before it is freed. Reference counting
/// (from <see cref="SafeHandle"/>) keeps it alive while a callback on another thread still uses a retired key.
/// </summary>
/// <remarks>
/// Not <c>mlock</c>ed nor <c>MADV_DONTDUMP</c>: OpenSSL copies the key schedule and HMAC key into its own heap contexts
/// on every handshake, so locking this copy would not keep keys out of swap or dumps (see README, Keys).
/// </remarks>
internal sealed unsafe class PinnedSecret : SafeHandle
{
    private readonly int _length;
    private readonly bool _ownsMemory;

    public PinnedSecret(int length)
        : this((byte*)NativeMemory.AllocZeroed((nuint)length), length, ownsMemory: true)
    {
    }

    private PinnedSecret(byte* memory, int length, bool ownsMemory)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _length = length;
        _ownsMemory = ownsMemory;
        SetHandle((IntPtr)memory);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    public byte* Pointer => (byte*)handle;

    public Span<byte> Span => new((void*)handle, _length);

    /// <summary>Wraps memory the caller owns and frees: it is zeroed on release but not freed (so tests can look).</summary>
    internal static PinnedSecret OverCallerMemory(byte* memory, int length) => new(memory, length, ownsMemory: false);

    protected override bool ReleaseHandle()
    {
        CryptographicOperations.ZeroMemory(new Span<byte>((void*)handle, _length));
        if (_ownsMemory)
        {
            NativeMemory.Free((void*)handle);
        }

        return true;
    }
}
