using System;
using Xunit;

namespace TicketKeys.Tests.Ring;

public sealed class TicketKeyRotationPolicyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_rotation_interval_that_is_not_positive_is_rejected(int seconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new TicketKeyRotationPolicy(TimeSpan.FromSeconds(seconds), TimeSpan.FromHours(1)));

        Assert.Equal("rotationInterval", error.ParamName);
    }

    [Fact]
    public void A_lifetime_shorter_than_the_interval_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new TicketKeyRotationPolicy(TimeSpan.FromHours(2), TimeSpan.FromHours(2).Subtract(TimeSpan.FromTicks(1))));

        Assert.Equal("keyLifetime", error.ParamName);
    }

    [Fact]
    public void A_lifetime_longer_than_7_days_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new TicketKeyRotationPolicy(TimeSpan.FromHours(12), TimeSpan.FromDays(7).Add(TimeSpan.FromTicks(1))));

        Assert.Equal("keyLifetime", error.ParamName);
        Assert.Contains("7 days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_boundaries_are_accepted()
    {
        var policy = new TicketKeyRotationPolicy(TimeSpan.FromDays(7), TimeSpan.FromDays(7), TicketCipher.Aes128Cbc);

        Assert.Equal(TimeSpan.FromDays(7), policy.RotationInterval);
        Assert.Equal(TicketKeyRotationPolicy.MaxKeyLifetime, policy.KeyLifetime);
        Assert.Equal(TicketCipher.Aes128Cbc, policy.Cipher);
    }

    [Fact]
    public void An_unknown_cipher_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new TicketKeyRotationPolicy(TimeSpan.FromHours(1), TimeSpan.FromHours(2), (TicketCipher)7));
    }
}
