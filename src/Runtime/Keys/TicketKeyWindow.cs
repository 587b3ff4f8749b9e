using System;
using System.Globalization;

namespace TicketKeys;

/// <summary>
/// When a ticket key may be used. From <see cref="NotBefore"/> it may encrypt; it decrypts until <see cref="NotAfter"/>
/// (also before <see cref="NotBefore"/>, so that a pre-staged key already works for fleet servers whose clocks run ahead);
/// tickets it decrypts from <see cref="RenewAfter"/> on are replaced by new ones.
/// </summary>
public readonly record struct TicketKeyWindow
{
    /// <summary>
    /// A window with no bounds, for keys that are only written to files: no ring accepts it (keys live at most 7 days,
    /// see <see cref="TicketKeyRotationPolicy.MaxKeyLifetime"/>).
    /// </summary>
    public static TicketKeyWindow Unbounded { get; } = new(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.MaxValue);

    /// <summary>Creates a window; the three instants must be in order.</summary>
    /// <exception cref="ArgumentException">The instants are out of order; the message names the field.</exception>
    public TicketKeyWindow(DateTimeOffset notBefore, DateTimeOffset renewAfter, DateTimeOffset notAfter)
    {
        if (renewAfter < notBefore)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Ticket key window: renewAfter ({renewAfter:O}) is before notBefore ({notBefore:O})."),
                nameof(renewAfter));
        }

        if (notAfter < renewAfter)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Ticket key window: notAfter ({notAfter:O}) is before renewAfter ({renewAfter:O})."),
                nameof(notAfter));
        }

        NotBefore = notBefore;
        RenewAfter = renewAfter;
        NotAfter = notAfter;
    }

    /// <summary>The first instant the key may encrypt.</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>From this instant, tickets under the key are still accepted but replaced.</summary>
    public DateTimeOffset RenewAfter { get; }

    /// <summary>From this instant the key is expired: its tickets get a full handshake.</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>Whether the key may encrypt new tickets at <paramref name="now"/>.</summary>
    public bool CanEncryptAt(DateTimeOffset now) => now >= NotBefore && now < NotAfter;

    /// <summary>Whether tickets under the key are still accepted at <paramref name="now"/>.</summary>
    public bool CanDecryptAt(DateTimeOffset now) => now < NotAfter;

    /// <summary>Whether tickets under the key are to be renewed at <paramref name="now"/>.</summary>
    public bool IsRenewalDue(DateTimeOffset now) => now >= RenewAfter;

    /// <inheritdoc/>
    public override string ToString() => this == Unbounded
        ? "unbounded"
        : string.Create(CultureInfo.InvariantCulture, $"{NotBefore:O} to {NotAfter:O}, renew after {RenewAfter:O}");
}
