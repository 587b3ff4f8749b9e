using System;

namespace TicketKeys.Tests.Support;

/// <summary>Keys whose window a ring accepts (at most 7 days): encrypting since an hour before an instant, for a day.</summary>
internal static class TestKeys
{
    /// <summary>Around the system clock's now, for rings on the system clock.</summary>
    public static TicketKeyWindow CurrentWindow => WindowAround(DateTimeOffset.UtcNow);

    public static TicketKeyWindow WindowAround(DateTimeOffset now) => new(now.AddHours(-1), now.AddDays(1), now.AddDays(1));

    public static TicketKey Current() => TicketKey.Generate(CurrentWindow);

    public static TicketKey Current(DateTimeOffset now) => TicketKey.Generate(WindowAround(now));
}
