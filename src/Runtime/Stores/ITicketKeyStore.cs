using System;
using System.Threading;
using System.Threading.Tasks;

namespace TicketKeys;

/// <summary>
/// Where a fleet's ticket keys live: a key folder, Redis, and later etcd, Consul or Kubernetes Secrets. A
/// <see cref="TicketKeyStoreFeed"/> reads it into a <see cref="TicketKeyRing"/>, so that a new store touches neither the
/// ring nor the ticket callback.
/// </summary>
/// <remarks>
/// A store only reads (and, where it rotates its own keys, writes) the fleet's keys; keeping the last good keys through
/// failures, polling, counting errors and reporting them is the feed's work, the same for every store.
/// </remarks>
public interface ITicketKeyStore
{
    /// <summary>
    /// Raised when the store's keys may have changed, as a hint to read them again soon. It may be lost (a dropped
    /// connection), so the feed polls as well. Handlers must be quick; they may run on any thread.
    /// </summary>
    event EventHandler? KeysChanged;

    /// <summary>
    /// Reads the keys in force, in preference order (the first one whose window allows encrypting does). A store that
    /// rotates its own keys first brings them up to date here when a rotation is due.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>New key instances, owned by the caller, and when to read again at the latest.</returns>
    /// <exception cref="TicketKeyStoreException">The store is unreachable or holds keys that cannot be used; the message says which.</exception>
    Task<TicketKeyStoreRead> ReadAsync(CancellationToken cancellationToken);
}
