using System;
using Xunit;

namespace TicketKeys.Tests.Keys;

public sealed class TicketKeyWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RenewAfter_before_NotBefore_is_rejected_naming_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => new TicketKeyWindow(Start, Start.AddSeconds(-1), Start.AddHours(1)));

        Assert.Equal("renewAfter", error.ParamName);
        Assert.Contains("renewAfter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotAfter_before_RenewAfter_is_rejected_naming_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => new TicketKeyWindow(Start, Start.AddHours(2), Start.AddHours(1)));

        Assert.Equal("notAfter", error.ParamName);
        Assert.Contains("notAfter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_encrypts_from_NotBefore_decrypts_until_NotAfter_and_renews_from_RenewAfter()
    {
        var window = new TicketKeyWindow(Start, Start.AddHours(1), Start.AddHours(3));

        Assert.False(window.CanEncryptAt(Start.AddTicks(-1)));
        Assert.True(window.CanDecryptAt(Start.AddTicks(-1)));
        Assert.True(window.CanEncryptAt(Start));
        Assert.False(window.IsRenewalDue(Start.AddHours(1).AddTicks(-1)));
        Assert.True(window.IsRenewalDue(Start.AddHours(1)));
        Assert.True(window.CanEncryptAt(Start.AddHours(3).AddTicks(-1)));
        Assert.False(window.CanEncryptAt(Start.AddHours(3)));
        Assert.False(window.CanDecryptAt(Start.AddHours(3)));
    }
}
