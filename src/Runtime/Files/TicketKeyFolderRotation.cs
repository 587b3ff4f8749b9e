using System.Collections.Generic;

namespace TicketKeys;

/// <summary>What one <see cref="TicketKeyDirectory.Rotate"/> run changed in a key folder.</summary>
public sealed class TicketKeyFolderRotation
{
    internal TicketKeyFolderRotation(IReadOnlyList<string> written, IReadOnlyList<string> removed)
    {
        Written = written;
        Removed = removed;
    }

    /// <summary>The key files this run created: none when another run (here or on another machine) already had.</summary>
    public IReadOnlyList<string> Written { get; }

    /// <summary>The key files this run removed (zeroed, then deleted): expired, or beyond the number kept.</summary>
    public IReadOnlyList<string> Removed { get; }
}
