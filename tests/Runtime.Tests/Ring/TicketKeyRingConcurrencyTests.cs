using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TicketKeys.Tests.Support;
using Xunit;

namespace TicketKeys.Tests.Ring;

public sealed class TicketKeyRingConcurrencyTests
{
    [Fact]
    public async Task Lookups_on_several_threads_stay_usable_while_keys_rotate_and_are_replaced()
    {
        using var ring = new TicketKeyRing(new TicketKeyRotationPolicy(TimeSpan.FromHours(1), TimeSpan.FromHours(3)));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        int used = 0;
        int writes = 0;

        Task[] readers = [.. Enumerable.Range(0, 3).Select(_ => OnOwnThread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                TicketKey? key = ring.GetEncryptionKey();
                Assert.NotNull(key);
                if (IsUsable(key))
                {
                    Interlocked.Increment(ref used);
                }

                TicketKeyLookup lookup = ring.Find(key.Name);
                if (lookup.Result is TicketKeyLookupResult.Resume or TicketKeyLookupResult.Renew)
                {
                    Assert.Same(key, lookup.Key);
                    IsUsable(lookup.Key!);
                }
                else
                {
                    // Replaced between the two calls: the key left the ring.
                    Assert.Equal(TicketKeyLookupResult.UnknownKey, lookup.Result);
                }
            }
        }))];
        Task rotator = OnOwnThread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                ring.Rotate();
                Interlocked.Increment(ref writes);
            }
        });
        Task replacer = OnOwnThread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                ring.Replace([TestKeys.Current(), .. ring.Keys.Take(2)]);
                Interlocked.Increment(ref writes);
            }
        });

        await Task.WhenAll([.. readers, rotator, replacer]).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(used > 0, "No reader ever used a key.");
        Assert.True(writes > 0, "No writer ever changed the ring.");
        Assert.All(ring.Keys, key => Assert.False(key.IsDisposed));
    }

    // Pool threads start slowly on a 2-core machine: without own threads the readers might not run at all.
    private static Task OnOwnThread(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// As the callback does: acquire, read, release. A key can be disposed between the lookup and the acquire (then it
    /// must say so); once acquired, its bytes must not have been zeroed.
    /// </summary>
    private static unsafe bool IsUsable(TicketKey key)
    {
        if (!key.TryAcquire())
        {
            Assert.True(key.IsDisposed, "A key that is not disposed could not be acquired.");
            return false;
        }

        try
        {
            var aesKey = new ReadOnlySpan<byte>(key.AesKey, key.AesKeyLength);
            Assert.True(aesKey.IndexOfAnyExcept((byte)0) >= 0, "An acquired key's AES bytes are zero.");
            return true;
        }
        finally
        {
            key.Release();
        }
    }
}
