using System;
using System.Collections.Generic;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Tests.Support;
using Xunit;

namespace TicketKeys.Tests.Ring;

/// <summary>A ring's keys are not handed out for rewriting, and a disposed ring makes no more keys.</summary>
public sealed class RingSecretsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keys_cannot_be_cast_back_to_the_rings_own_array_and_rewritten()
    {
        TicketKey current = TestKeys.Current(Start);
        using var ring = TicketKeyRing.FromKeys([current], new FakeTimeProvider(Start));
        using TicketKey planted = TestKeys.Current(Start);

        IReadOnlyList<TicketKey> keys = ring.Keys;
        if (keys is IList<TicketKey> list && !list.IsReadOnly)
        {
            list[0] = planted;
        }

        Assert.Same(current, ring.GetEncryptionKey());
        Assert.Throws<NotSupportedException>(() => ((IList<TicketKey>)ring.Keys)[0] = planted);
    }

    [Fact]
    public void A_disposed_self_rotating_ring_makes_no_more_keys()
    {
        var time = new FakeTimeProvider(Start);
        var ring = new TicketKeyRing(new TicketKeyRotationPolicy(TimeSpan.FromHours(1), TimeSpan.FromHours(2)), time);
        TicketKey first = ring.Keys[0];
        ring.Dispose();

        time.Advance(TimeSpan.FromHours(5));
        TicketKey? after = ring.GetEncryptionKey();
        TicketKeyLookup lookup = ring.Find(first.Name);

        Assert.Null(after);
        Assert.Equal(TicketKeyLookupResult.UnknownKey, lookup.Result);
        Assert.Empty(ring.Keys);
        Assert.True(first.IsDisposed);
        Assert.Throws<ObjectDisposedException>(ring.Rotate);
    }
}
