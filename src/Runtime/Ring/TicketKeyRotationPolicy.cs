using System;
using System.Globalization;

namespace TicketKeys;

/// <summary>How a self-rotating <see cref="TicketKeyRing"/> makes keys.</summary>
public sealed record TicketKeyRotationPolicy
{
    /// <summary>RFC 8446 section 4.6.1 caps ticket lifetime at 7 days; a key living longer only weakens forward secrecy.</summary>
    public static readonly TimeSpan MaxKeyLifetime = TimeSpan.FromDays(7);

    /// <summary>A new key every 12 hours, each accepted for 36 hours, AES-256-CBC with a 32-byte HMAC key.</summary>
    public static TicketKeyRotationPolicy Default { get; } = new(TimeSpan.FromHours(12), TimeSpan.FromHours(36));

    /// <summary>Creates a policy.</summary>
    /// <param name="rotationInterval">How long each key encrypts before the next one takes over.</param>
    /// <param name="keyLifetime">How long each key is accepted from its creation; at least the interval, at most 7 days.</param>
    /// <param name="cipher">The ticket cipher of new keys.</param>
    public TicketKeyRotationPolicy(TimeSpan rotationInterval, TimeSpan keyLifetime, TicketCipher cipher = TicketCipher.Aes256Cbc)
    {
        if (rotationInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(rotationInterval), rotationInterval, "The rotation interval must be positive.");
        }

        if (keyLifetime < rotationInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(keyLifetime), keyLifetime,
                string.Create(CultureInfo.InvariantCulture, $"The key lifetime must be at least the rotation interval ({rotationInterval}), or tickets would expire while their key still encrypts."));
        }

        if (keyLifetime > MaxKeyLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(keyLifetime), keyLifetime,
                "The key lifetime must not exceed 7 days (RFC 8446 ticket lifetime cap; longer keys weaken forward secrecy).");
        }

        _ = TicketKey.AesKeyLengthOf(cipher);
        RotationInterval = rotationInterval;
        KeyLifetime = keyLifetime;
        Cipher = cipher;
    }

    /// <summary>How long each key encrypts before the next one takes over.</summary>
    public TimeSpan RotationInterval { get; }

    /// <summary>How long each key is accepted, counted from its creation.</summary>
    public TimeSpan KeyLifetime { get; }

    /// <summary>The cipher of new keys.</summary>
    public TicketCipher Cipher { get; }

    internal TicketKey CreateKey(DateTimeOffset now) =>
        TicketKey.Generate(new TicketKeyWindow(now, now + RotationInterval, now + KeyLifetime), Cipher);
}
