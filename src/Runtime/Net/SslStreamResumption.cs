using System;

namespace TicketKeys;

/// <summary>Whether an authenticated <see cref="System.Net.Security.SslStream"/> resumed a session, as OpenSSL reports it.</summary>
public readonly struct SslStreamResumption : IEquatable<SslStreamResumption>
{
    internal SslStreamResumption(bool isKnown, bool isResumed, string? keyNameHex)
    {
        IsKnown = isKnown;
        IsResumed = isResumed;
        KeyNameHex = keyNameHex;
    }

    /// <summary>False when the bridge could not tell (not authenticated, or the bridge is unsupported here).</summary>
    public bool IsKnown { get; }

    /// <summary>Whether the handshake resumed a session (<c>SSL_session_reused</c>) instead of a full handshake.</summary>
    public bool IsResumed { get; }

    /// <summary>
    /// The name (hex) of the ticket key a TicketKeys provider accepted for this resumed connection; null for a full
    /// handshake, or a session resumed without a TicketKeys ticket (for example .NET's own key, before the bridge attached).
    /// </summary>
    public string? KeyNameHex { get; }

    /// <summary>Compares two values.</summary>
    public static bool operator ==(SslStreamResumption left, SslStreamResumption right) => left.Equals(right);

    /// <summary>Compares two values.</summary>
    public static bool operator !=(SslStreamResumption left, SslStreamResumption right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(SslStreamResumption other) =>
        IsKnown == other.IsKnown && IsResumed == other.IsResumed && string.Equals(KeyNameHex, other.KeyNameHex, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SslStreamResumption other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(IsKnown, IsResumed, KeyNameHex);

    /// <inheritdoc/>
    public override string ToString() =>
        !IsKnown ? "unknown" : !IsResumed ? "full handshake" : KeyNameHex is null ? "resumed" : $"resumed under key {KeyNameHex}";
}
