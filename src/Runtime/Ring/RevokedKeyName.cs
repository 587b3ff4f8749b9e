using System;

namespace TicketKeys;

/// <summary>A key name a ring refuses, and since when (old entries are forgotten: see <see cref="TicketKeyRing.Revoke"/>).</summary>
internal sealed record RevokedKeyName(byte[] Name, DateTimeOffset RevokedAt)
{
    /// <summary>
    /// After this long a revoked key can no longer come back inside any window a ring accepts (at most 7 days ahead
    /// and 7 days long), so the name need not be remembered.
    /// </summary>
    public static TimeSpan Memory => TicketKeyRotationPolicy.MaxKeyLifetime * 2;

    /// <summary>The most names remembered: the oldest are forgotten first, so revocations cannot grow without bound.</summary>
    public const int MaxRemembered = 1024;
}
