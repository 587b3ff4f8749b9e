using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace TicketKeys;

/// <summary>The key folder as a <see cref="ITicketKeyStore"/>, for code that follows any store the same way.</summary>
public sealed partial class TicketKeyDirectory : ITicketKeyStore
{
    /// <summary>Raised after a scan swapped a new key set into <see cref="Ring"/>, on the scanning thread.</summary>
    public event EventHandler? KeysChanged;

    /// <summary>Scans the folder now and returns copies of the keys in force (this directory's <see cref="Ring"/> keeps its own).</summary>
    /// <exception cref="TicketKeyStoreException">A key was retired while it was copied; read again.</exception>
    Task<TicketKeyStoreRead> ITicketKeyStore.ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Rescan();
        try
        {
            return Task.FromResult(new TicketKeyStoreRead([.. Ring.Keys.Select(key => key.WithWindow(key.Window))]));
        }
        catch (ObjectDisposedException exception)
        {
            throw new TicketKeyStoreException(Invariant($"Ticket key folder '{FolderPath}' changed while its keys were read."), exception);
        }
    }

    private void RaiseKeysChanged()
    {
        try
        {
            KeysChanged?.Invoke(this, EventArgs.Empty);
        }
#pragma warning disable CA1031 // Scans run on timer threads, where a handler's exception would end the process.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
