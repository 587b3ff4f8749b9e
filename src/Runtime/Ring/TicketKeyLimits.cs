using System;
using System.Globalization;

namespace TicketKeys;

/// <summary>The bounds every key meets to enter a <see cref="TicketKeyRing"/>, however it gets there.</summary>
public static class TicketKeyLimits
{
    /// <summary>
    /// The most keys a ring holds. Every handshake that presents a ticket scans them, so a runaway rotation policy,
    /// repeated <see cref="TicketKeyRing.Rotate()"/> calls or a folder of thousands of files cannot slow handshakes down:
    /// self-rotating rings drop their oldest keys beyond it, <see cref="TicketKeyRing.FromKeys"/> and
    /// <see cref="TicketKeyRing.Replace"/> refuse more, and a key directory keeps the newest ones and reports the rest.
    /// </summary>
    public const int MaxKeys = 64;

    /// <summary>
    /// Why <paramref name="window"/> may not enter a ring at <paramref name="now"/>, or null when it may. A key enters a
    /// ring only when its window (<see cref="TicketKeyWindow.NotBefore"/> to <see cref="TicketKeyWindow.NotAfter"/>) is
    /// at most <see cref="TicketKeyRotationPolicy.MaxKeyLifetime"/> long and starts at most that far ahead (a key
    /// decrypts before its start, so a far-future start would make it live for ever).
    /// </summary>
    internal static string? LifetimeViolation(TicketKeyWindow window, DateTimeOffset now)
    {
        if (window.NotAfter - window.NotBefore > TicketKeyRotationPolicy.MaxKeyLifetime)
        {
            return window.NotBefore == DateTimeOffset.MinValue || window.NotAfter == DateTimeOffset.MaxValue
                ? "its window is unbounded; keys live at most 7 days (RFC 8446 ticket lifetime cap)"
                : Invariant($"its window ({window}) is longer than 7 days (RFC 8446 ticket lifetime cap)");
        }

        return window.NotBefore - now > TicketKeyRotationPolicy.MaxKeyLifetime
            ? Invariant($"it starts more than 7 days ahead ({window.NotBefore:O}) and would decrypt until then")
            : null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
