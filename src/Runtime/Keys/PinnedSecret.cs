using System;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace TicketKeys;

/// <summary>
/// Native memory for key bytes: never moved or copied by the GC, zeroed before it is freed. Reference counting
/// (from <see cref="SafeHandle"/>) keeps it alive while a callback on another thread still uses a retired key.
/// </summary>
internal sealed unsafe class PinnedSecret : SafeHandle
{
    private readonly int _length;

    public PinnedSecret(int length)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _length = length;
        SetHandle((IntPtr)NativeMemory.AllocZeroed((nuint)length));
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    public byte* Pointer => (byte*)handle;

    public Span<byte> Span => new((void*)handle, _length);

    protected override bool ReleaseHandle()
    {
        CryptographicOperations.ZeroMemory(new Span<byte>((void*)handle, _length));
        NativeMemory.Free((void*)handle);
        return true;
    }
}
