using System.Runtime.InteropServices;

namespace TicketKeys.Integration.Tests.Proofs;

/// <summary>glibc's count of heap bytes in use (<c>mallinfo2().uordblks</c>): OpenSSL allocates through malloc.</summary>
internal static partial class NativeHeap
{
    public static long BytesInUse => (long)mallinfo2().InUse;

    [LibraryImport("libc")]
    private static partial MallInfo2 mallinfo2();

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallInfo2
    {
        public readonly nuint Arena;
        public readonly nuint OrdinaryBlocks;
        public readonly nuint SmallBlocks;
        public readonly nuint MappedBlocks;
        public readonly nuint MappedBytes;
        public readonly nuint MaxTotal;
        public readonly nuint FreedFastBytes;
        public readonly nuint InUse;
        public readonly nuint Free;
        public readonly nuint Releasable;
    }
}
