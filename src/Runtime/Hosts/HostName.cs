using System;

namespace TicketKeys;

/// <summary>A normalised SNI host name (see <see cref="HostKeyCache.Normalize"/>) and its hash, computed once per callback.</summary>
internal readonly ref struct HostName
{
    public HostName(ReadOnlySpan<byte> bytes)
    {
        Bytes = bytes;
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        Hash = hash.ToHashCode();
    }

    public ReadOnlySpan<byte> Bytes { get; }

    public int Hash { get; }
}
