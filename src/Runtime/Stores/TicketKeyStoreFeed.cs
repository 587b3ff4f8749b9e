using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace TicketKeys;

/// <summary>
/// Follows an <see cref="ITicketKeyStore"/> into a <see cref="TicketKeyRing"/>: reads it on every change notice, at the
/// poll interval, and when the store expects a rotation, and swaps each new key set into the ring at once.
/// </summary>
/// <remarks>
/// A failed read, a store holding no key, or keys the ring refuses keep the last good keys in force: they still expire
/// by their own windows (and expired ones are dropped and zeroed), so a long outage ends in full handshakes, never in
/// keys used past their lifetime. Each such
/// read counts in the <c>ticketkeys.store.errors</c> counter of the <c>TicketKeys</c> meter;
/// <see cref="TicketKeyStoreFeedOptions.HealthChanged"/> hears of the first failure and of the recovery only. Keys that
/// did not change keep their <see cref="TicketKey"/> instance. Thread-safe.
/// </remarks>
public sealed class TicketKeyStoreFeed : IDisposable
{
    private static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(10);

    private readonly ITicketKeyStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _pollInterval;
    private readonly Action<TicketKeyStoreHealth>? _healthChanged;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _readLock = new(1, 1);
    private TaskCompletionSource _changeNotice = NewNotice();
    private TicketKeyStoreHealth _health;
    // UTC ticks of the store's next expected change, 0 for none: a long, so that the loop never reads it torn.
    private long _readAgainAtTicks;
    private Task _following = Task.CompletedTask;
    private int _disposed;

    private TicketKeyStoreFeed(ITicketKeyStore store, TicketKeyStoreFeedOptions options, TimeProvider time, TicketKeyStoreRead first)
    {
        _store = store;
        _time = time;
        _pollInterval = options.PollInterval;
        _healthChanged = options.HealthChanged;
        _readAgainAtTicks = first.ReadAgainAt?.UtcTicks ?? 0;
        Ring = TicketKeyRing.FromKeys(first.Keys, time);
        _health = new TicketKeyStoreHealth(true, Invariant($"Ticket key store {store} read: {first.Keys.Count} keys."));
    }

    /// <summary>The ring fed from the store; attach it to the server's <c>SSL_CTX</c>. Disposed with the feed.</summary>
    public TicketKeyRing Ring { get; }

    /// <summary>The store this feed reads.</summary>
    public ITicketKeyStore Store => _store;

    /// <summary>Whether the latest read succeeded, and the first error or the recovery.</summary>
    public TicketKeyStoreHealth Health => Volatile.Read(ref _health);

    /// <summary>Reads the store until it holds keys, then follows it until disposed.</summary>
    /// <param name="store">The store; the feed does not dispose it.</param>
    /// <param name="options">Poll interval, start timeout, health callback; defaults when null.</param>
    /// <param name="time">The clock and timers; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="TicketKeyStoreException">
    /// The store cannot be read, holds keys that cannot be used, or held no key within <see cref="TicketKeyStoreFeedOptions.StartTimeout"/>.
    /// </exception>
    public static async Task<TicketKeyStoreFeed> StartAsync(
        ITicketKeyStore store, TicketKeyStoreFeedOptions? options = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new TicketKeyStoreFeedOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PollInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StartTimeout, TimeSpan.Zero, nameof(options));
        time ??= TimeProvider.System;

        DateTimeOffset giveUpAt = time.GetUtcNow() + options.StartTimeout;
        TicketKeyStoreRead first = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        while (first.Keys.Count == 0)
        {
            if (time.GetUtcNow() >= giveUpAt)
            {
                throw new TicketKeyStoreException(Invariant($"Ticket key store {store} held no key within {options.StartTimeout}."));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
            first = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        TicketKeyStoreFeed feed;
        try
        {
            feed = new TicketKeyStoreFeed(store, options, time, first);
        }
        catch (ArgumentException exception)
        {
            DisposeAll(first.Keys);
            throw new TicketKeyStoreException(Invariant($"Ticket key store {store} holds keys a ring refuses: {exception.Message}"), exception);
        }

        store.KeysChanged += feed.OnKeysChanged;
        feed._following = Task.Run(feed.FollowAsync, CancellationToken.None);
        return feed;
    }

    /// <summary>Reads the store now and swaps its keys into <see cref="Ring"/>; a failure keeps the last good keys and is reported.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Whether the read succeeded.</returns>
    /// <exception cref="ObjectDisposedException">The feed is disposed.</exception>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _readLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadAndApplyAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _readLock.Release();
        }
    }

    /// <summary>Stops following the store and disposes (zeroes) the ring's keys.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _store.KeysChanged -= OnKeysChanged;
        _stopping.Cancel();
        try
        {
            // The loop ends at its next await; a read in flight is cancelled with it.
            _following.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Cancelled: expected.
        }

        Ring.Dispose();
        _stopping.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => Invariant($"TicketKeyStoreFeed of {_store} ({Ring.Keys.Count} keys, {(Health.IsHealthy ? "healthy" : "failing")})");

    private static TaskCompletionSource NewNotice() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void DisposeAll(IEnumerable<TicketKey> keys)
    {
        foreach (TicketKey key in keys)
        {
            key.Dispose();
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void OnKeysChanged(object? sender, EventArgs e) => Volatile.Read(ref _changeNotice).TrySetResult();

    private async Task FollowAsync()
    {
        CancellationToken stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                TaskCompletionSource notice = Volatile.Read(ref _changeNotice);
                using (var delayEnds = CancellationTokenSource.CreateLinkedTokenSource(stopping))
                {
                    Task delay = Task.Delay(NextDelay(), _time, delayEnds.Token);
                    await Task.WhenAny(delay, notice.Task).ConfigureAwait(false);
                    await delayEnds.CancelAsync().ConfigureAwait(false);
                }

                if (notice.Task.IsCompleted)
                {
                    Interlocked.CompareExchange(ref _changeNotice, NewNotice(), notice);
                }

                stopping.ThrowIfCancellationRequested();
                await RefreshAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    private TimeSpan NextDelay()
    {
        TimeSpan delay = _pollInterval;
        long expected = Interlocked.Read(ref _readAgainAtTicks);
        if (Health.IsHealthy && expected != 0)
        {
            TimeSpan untilExpected = new DateTimeOffset(expected, TimeSpan.Zero) - _time.GetUtcNow();
            delay = untilExpected < delay ? untilExpected : delay;
        }

        return delay < MinimumDelay ? MinimumDelay : delay;
    }

    /// <summary>One read, under the read lock; never throws for a store problem.</summary>
    private async Task<bool> ReadAndApplyAsync(CancellationToken cancellationToken)
    {
        TicketKeyStoreRead read;
        try
        {
            read = await _store.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any store failure keeps the last good keys; the feed runs on a background task.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Fail("unavailable", Invariant($"Ticket key store {_store} cannot be read ({exception.Message}); the {Ring.Keys.Count} last good keys stay in force until they expire."));
            return false;
        }

        if (read.Keys.Count == 0)
        {
            Fail("empty", Invariant($"Ticket key store {_store} holds no key; the {Ring.Keys.Count} last good keys stay in force until they expire."));
            return false;
        }

        TicketKey[] keys = [.. read.Keys.Select(KeepInstance)];
        try
        {
            if (!keys.SequenceEqual(Ring.Keys))
            {
                Ring.Replace(keys);
            }
        }
        catch (ArgumentException exception)
        {
            DisposeAll(keys.Except(Ring.Keys));
            Fail("invalid", Invariant($"Ticket key store {_store} holds keys a ring refuses ({exception.Message}); the last good keys stay in force."));
            return false;
        }

        Interlocked.Exchange(ref _readAgainAtTicks, read.ReadAgainAt?.UtcTicks ?? 0);
        Report(new TicketKeyStoreHealth(true, Invariant($"Ticket key store {_store} read again: {keys.Length} keys in force.")));
        return true;
    }

    /// <summary>The ring's own instance of a key it already holds in the same window; the fresh copy is zeroed.</summary>
    private TicketKey KeepInstance(TicketKey fresh)
    {
        foreach (TicketKey held in Ring.Keys)
        {
            if (held.HasName(fresh.Name) && held.Window == fresh.Window && !held.IsDisposed)
            {
                fresh.Dispose();
                return held;
            }
        }

        return fresh;
    }

    private void Fail(string reason, string message)
    {
        TicketKeysMetrics.StoreError(reason);
        DropExpiredKeys();
        Report(new TicketKeyStoreHealth(false, message));
    }

    /// <summary>
    /// While the store cannot be read, keys past their window leave the ring (and are zeroed) as a successful read would
    /// have dropped them; the last one stays, refused by its window, since a ring is never empty.
    /// </summary>
    private void DropExpiredKeys()
    {
        DateTimeOffset now = _time.GetUtcNow();
        IReadOnlyList<TicketKey> held = Ring.Keys;
        TicketKey[] live = [.. held.Where(key => key.Window.CanDecryptAt(now))];
        if (live.Length > 0 && live.Length < held.Count)
        {
            try
            {
                Ring.Replace(live);
            }
            catch (ArgumentException)
            {
                // A key the ring held cannot be refused now; keep the set as it is.
            }
        }
    }

    /// <summary>Keeps the new health, and tells the callback only when it differs from the old one in kind.</summary>
    private void Report(TicketKeyStoreHealth health)
    {
        TicketKeyStoreHealth previous = Interlocked.Exchange(ref _health, health);
        if (previous.IsHealthy == health.IsHealthy || _healthChanged is null)
        {
            return;
        }

        try
        {
            _healthChanged(health);
        }
#pragma warning disable CA1031 // Runs on the feed's background task, where a handler's exception would stop following.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
