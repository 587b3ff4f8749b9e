using System;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Tests.Support;
using Xunit;

namespace TicketKeys.Tests.Ring;

/// <summary>After a compromise, a revoked key stops resuming tickets at once, unlike a rotation.</summary>
public sealed class RevocationTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly TicketKeyRotationPolicy Hourly = new(TimeSpan.FromHours(1), TimeSpan.FromHours(3));

    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void Rotate_alone_keeps_a_compromised_key_decrypting_which_is_why_Revoke_exists()
    {
        using var ring = new TicketKeyRing(Hourly, _time);
        TicketKey compromised = ring.GetEncryptionKey()!;

        ring.Rotate();

        Assert.Equal(TicketKeyLookupResult.Renew, ring.Find(compromised.Name).Result);
    }

    [Fact]
    public void A_revoked_encrypting_key_is_refused_zeroed_and_replaced_by_a_new_key_at_once()
    {
        using var ring = new TicketKeyRing(Hourly, _time);
        TicketKey compromised = ring.GetEncryptionKey()!;
        byte[] name = compromised.Name.ToArray();

        bool held = ring.Revoke(name);

        Assert.True(held);
        Assert.True(compromised.IsDisposed);
        Assert.Equal(TicketKeyLookupResult.Revoked, ring.Find(name).Result);
        TicketKey? fresh = ring.GetEncryptionKey();
        Assert.NotNull(fresh);
        Assert.False(fresh.HasName(name));
    }

    [Fact]
    public void A_revoked_key_offered_again_by_Replace_is_left_out()
    {
        TicketKey compromised = TestKeys.Current(Start);
        TicketKey other = TestKeys.Current(Start);
        using var ring = TicketKeyRing.FromKeys([compromised, other], _time);
        byte[] name = compromised.Name.ToArray();
        ring.Revoke(name);
        using TicketKey sameName = TicketKey.Create(name, new byte[32], new byte[32], TestKeys.WindowAround(Start));

        ring.Replace([sameName, other]);

        Assert.Equal([other], ring.Keys);
        Assert.True(sameName.IsDisposed);
        Assert.Equal(TicketKeyLookupResult.Revoked, ring.Find(name).Result);
        Assert.Same(other, ring.GetEncryptionKey());
    }

    [Fact]
    public void RotateAndRevokeAll_leaves_only_a_new_key_and_refuses_every_earlier_one()
    {
        using var ring = new TicketKeyRing(Hourly, _time);
        TicketKey first = ring.GetEncryptionKey()!;
        _time.Advance(TimeSpan.FromHours(1));
        TicketKey second = ring.GetEncryptionKey()!;

        ring.RotateAndRevokeAll();

        TicketKey only = Assert.Single(ring.Keys);
        Assert.Same(only, ring.GetEncryptionKey());
        Assert.True(first.IsDisposed && second.IsDisposed);
        Assert.Equal(TicketKeyLookupResult.Revoked, ring.Find(first.Name).Result);
        Assert.Equal(TicketKeyLookupResult.Revoked, ring.Find(second.Name).Result);
    }

    [Fact]
    public void RotateAndRevokeAll_is_refused_on_a_ring_fed_from_outside_and_Revoke_checks_the_name_length()
    {
        using var ring = TicketKeyRing.FromKeys([TestKeys.Current(Start)], _time);

        Assert.Throws<InvalidOperationException>(ring.RotateAndRevokeAll);
        Assert.Throws<ArgumentException>(() => ring.Revoke(new byte[15]));
        Assert.False(ring.Revoke(new byte[16]));
    }
}
