using System.Runtime.InteropServices;

namespace TicketKeys.Interop;

/// <summary>OpenSSL 3's <c>OSSL_PARAM</c> (40 bytes on 64-bit platforms).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct OsslParam
{
    public const uint Utf8String = 4;
    public const uint OctetString = 5;

    /// <summary><c>OSSL_PARAM_UNMODIFIED</c>.</summary>
    public static readonly nuint Unmodified = nuint.MaxValue;

    public byte* Key;
    public uint DataType;
    public void* Data;
    public nuint DataSize;
    public nuint ReturnSize;

    public static OsslParam Create(byte* key, uint dataType, void* data, nuint dataSize) => new()
    {
        Key = key,
        DataType = dataType,
        Data = data,
        DataSize = dataSize,
        ReturnSize = Unmodified,
    };
}
