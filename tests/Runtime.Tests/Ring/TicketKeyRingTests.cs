using System;
using System.Linq;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Tests.Support;
using Xunit;

namespace TicketKeys.Tests.Ring;

public sealed class TicketKeyRingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_self_rotating_ring_makes_a_new_encrypting_key_after_the_interval_and_renews_tickets_of_the_old_one()
    {
        var time = new FakeTimeProvider(Start);
        using var ring = new TicketKeyRing(new TicketKeyRotationPolicy(TimeSpan.FromHours(1), TimeSpan.FromHours(3)), time);
        TicketKey first = ring.GetEncryptionKey()!;
        Assert.Equal(TicketKeyLookupResult.Resume, ring.Find(first.Name).Result);

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Same(first, ring.GetEncryptionKey());

        time.Advance(TimeSpan.FromMinutes(1));
        TicketKey second = ring.GetEncryptionKey()!;

        Assert.NotSame(first, second);
        Assert.False(second.HasName(first.Name));
        Assert.Equal(Start.AddHours(1), second.Window.NotBefore);
        Assert.Equal(Start.AddHours(4), second.Window.NotAfter);
        TicketKeyLookup old = ring.Find(first.Name);
        Assert.Equal(TicketKeyLookupResult.Renew, old.Result);
        Assert.Same(first, old.Key);
        Assert.Equal(TicketKeyLookupResult.Resume, ring.Find(second.Name).Result);
        Assert.Same(second, ring.Find(second.Name).Key);
        Assert.False(first.IsDisposed);
    }

    [Fact]
    public void A_key_past_its_lifetime_gives_Expired_and_is_disposed_when_pruned()
    {
        var time = new FakeTimeProvider(Start);
        using var ring = new TicketKeyRing(new TicketKeyRotationPolicy(TimeSpan.FromHours(2), TimeSpan.FromHours(3)), time);
        TicketKey first = ring.GetEncryptionKey()!;
        time.Advance(TimeSpan.FromHours(2));
        Assert.NotSame(first, ring.GetEncryptionKey());

        time.Advance(TimeSpan.FromMinutes(90)); // 3.5 h: past the first key's lifetime, before the next rotation

        Assert.Equal(TicketKeyLookupResult.Expired, ring.Find(first.Name).Result);
        Assert.Null(ring.Find(first.Name).Key);
        Assert.False(first.IsDisposed);

        time.Advance(TimeSpan.FromMinutes(30)); // 4 h: the rotation prunes it
        _ = ring.GetEncryptionKey();

        Assert.True(first.IsDisposed);
        Assert.DoesNotContain(first, ring.Keys);
        Assert.Equal(TicketKeyLookupResult.UnknownKey, ring.Find(first.Name).Result);
    }

    [Fact]
    public void Rotate_makes_a_new_encrypting_key_now_and_keeps_the_old_one_for_decrypting()
    {
        var time = new FakeTimeProvider(Start);
        using var ring = new TicketKeyRing(TicketKeyRotationPolicy.Default, time);
        TicketKey first = ring.GetEncryptionKey()!;

        ring.Rotate();

        TicketKey second = ring.GetEncryptionKey()!;
        Assert.NotSame(first, second);
        Assert.Equal(TicketKeyLookupResult.Renew, ring.Find(first.Name).Result);
        Assert.Equal(2, ring.Keys.Count);
    }

    [Fact]
    public void Rotate_is_refused_on_a_ring_fed_from_outside()
    {
        using var ring = TicketKeyRing.FromKeys([TestKeys.Current()]);

        Assert.Throws<InvalidOperationException>(ring.Rotate);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(15)]
    [InlineData(0)]
    public void An_unknown_name_gives_UnknownKey(int nameLength)
    {
        using var ring = TicketKeyRing.FromKeys([TestKeys.Current()]);

        TicketKeyLookup lookup = ring.Find(new byte[nameLength]);

        Assert.Equal(TicketKeyLookupResult.UnknownKey, lookup.Result);
        Assert.Null(lookup.Key);
    }

    [Fact]
    public void FromKeys_encrypts_with_the_first_key_and_renews_tickets_of_the_others()
    {
        TicketKey[] keys = [.. Enumerable.Range(0, 3).Select(_ => TestKeys.Current(Start))];
        using var ring = TicketKeyRing.FromKeys(keys, new FakeTimeProvider(Start));

        Assert.Same(keys[0], ring.GetEncryptionKey());
        Assert.Equal(keys, ring.Keys);
        Assert.Equal(TicketKeyLookupResult.Resume, ring.Find(keys[0].Name).Result);
        Assert.Equal(TicketKeyLookupResult.Renew, ring.Find(keys[1].Name).Result);
        Assert.Same(keys[2], ring.Find(keys[2].Name).Key);
        Assert.Equal(TicketKeyLookupResult.Renew, ring.Find(keys[2].Name).Result);
    }

    [Fact]
    public void A_pre_staged_key_decrypts_before_its_NotBefore_but_encrypts_only_from_then_on()
    {
        var time = new FakeTimeProvider(Start);
        TicketKey staged = TicketKey.Generate(new TicketKeyWindow(Start.AddHours(1), Start.AddDays(1), Start.AddDays(1)));
        TicketKey current = TicketKey.Generate(new TicketKeyWindow(Start.AddHours(-1), Start.AddHours(1), Start.AddDays(1)));
        using var ring = TicketKeyRing.FromKeys([staged, current], time);

        Assert.Same(current, ring.GetEncryptionKey());
        TicketKeyLookup early = ring.Find(staged.Name);
        Assert.Equal(TicketKeyLookupResult.Renew, early.Result);
        Assert.Same(staged, early.Key);
        Assert.Equal(TicketKeyLookupResult.Resume, ring.Find(current.Name).Result);

        time.Advance(TimeSpan.FromHours(1));

        Assert.Same(staged, ring.GetEncryptionKey());
        Assert.Equal(TicketKeyLookupResult.Resume, ring.Find(staged.Name).Result);
        Assert.Equal(TicketKeyLookupResult.Renew, ring.Find(current.Name).Result);
    }

    [Fact]
    public void No_encrypting_key_when_no_window_allows_it()
    {
        var time = new FakeTimeProvider(Start);
        using var ring = TicketKeyRing.FromKeys([TicketKey.Generate(new TicketKeyWindow(Start.AddHours(1), Start.AddHours(2), Start.AddHours(2)))], time);

        Assert.Null(ring.GetEncryptionKey());
    }

    [Fact]
    public void Replace_swaps_the_whole_set_and_disposes_only_the_dropped_keys()
    {
        TicketKey dropped = TestKeys.Current(Start);
        TicketKey kept = TestKeys.Current(Start);
        TicketKey added = TestKeys.Current(Start);
        using var ring = TicketKeyRing.FromKeys([dropped, kept], new FakeTimeProvider(Start));

        ring.Replace([added, kept]);

        Assert.Equal([added, kept], ring.Keys);
        Assert.Same(added, ring.GetEncryptionKey());
        Assert.True(dropped.IsDisposed);
        Assert.False(kept.IsDisposed);
        Assert.False(added.IsDisposed);
        Assert.Equal(TicketKeyLookupResult.UnknownKey, ring.Find(dropped.Name).Result);
        Assert.Equal(TicketKeyLookupResult.Renew, ring.Find(kept.Name).Result);
    }

    [Fact]
    public void Keys_sharing_a_name_are_rejected_and_a_failed_Replace_changes_nothing()
    {
        byte[] name = TestBytes.Random(16);
        using TicketKey first = TicketKey.Create(name, TestBytes.Random(32), TestBytes.Random(32), TestKeys.CurrentWindow);
        using TicketKey twin = TicketKey.Create(name, TestBytes.Random(32), TestBytes.Random(32), TestKeys.CurrentWindow);
        TicketKey current = TestKeys.Current();
        using var ring = TicketKeyRing.FromKeys([current]);

        var fromKeys = Assert.Throws<ArgumentException>(() => TicketKeyRing.FromKeys([first, twin]));
        var replace = Assert.Throws<ArgumentException>(() => ring.Replace([first, twin]));

        Assert.Contains(first.NameHex, fromKeys.Message, StringComparison.Ordinal);
        Assert.Contains(first.NameHex, replace.Message, StringComparison.Ordinal);
        Assert.Equal([current], ring.Keys);
        Assert.False(current.IsDisposed);
    }

    [Fact]
    public void An_empty_set_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => TicketKeyRing.FromKeys([]));
        using var ring = TicketKeyRing.FromKeys([TestKeys.Current()]);
        Assert.Throws<ArgumentException>(() => ring.Replace([]));
        Assert.Single(ring.Keys);
    }

    [Fact]
    public void Dispose_disposes_every_key()
    {
        TicketKey[] keys = [TestKeys.Current(), TestKeys.Current()];
        var ring = TicketKeyRing.FromKeys(keys);

        ring.Dispose();

        Assert.All(keys, key => Assert.True(key.IsDisposed));
    }
}
