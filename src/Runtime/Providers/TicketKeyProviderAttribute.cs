using System;

namespace TicketKeys;

/// <summary>
/// Marks a <c>partial</c> class whose <see cref="EncryptionKeyAttribute"/> and <see cref="DecryptionKeyAttribute"/>
/// methods serve OpenSSL's session-ticket callback. The source generator adds an <c>AttachTo(sslContext)</c> method
/// and the native callback entry points.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class TicketKeyProviderAttribute : Attribute
{
    /// <summary>What the callback answers when issuing a ticket fails (an exception, the CSPRNG or the cipher set-up).</summary>
    public TicketEncryptFailure EncryptFailure { get; set; } = TicketEncryptFailure.NoTicket;

    /// <summary>
    /// Renew every ticket resumed under TLS 1.3 (callback returns 2) so that a client can use each ticket once,
    /// as RFC 8446 appendix C.4 advises and nginx does. On by default.
    /// </summary>
    public bool RenewOnTls13Resumption { get; set; } = true;

    /// <summary>
    /// The provider's declared key strength in bits (128 or 256; 0, the default, accepts any valid key). A key whose
    /// AES or HMAC key is shorter (<see cref="TicketKey.StrengthBits"/>) issues no ticket and resumes none; both are
    /// counted with reason <c>weak_key</c>. Analyzer TKP007 flags weaker keys made in the provider.
    /// </summary>
    public int MinimumKeyBits { get; set; }

    /// <summary>
    /// How long a session may be resumed after its full handshake, across any number of renewals, in seconds
    /// (<see cref="DefaultMaxSessionAgeSeconds"/>, one day, by default; 0 for no cap). A ticket presented later gets a
    /// full handshake, counted as rejected with reason <c>session_too_old</c>. The handshake's instant travels sealed
    /// inside the ticket (OpenSSL ticket app data) and survives renewals; the clock is the one given to <c>AttachTo</c>.
    /// </summary>
    public int MaxSessionAgeSeconds { get; set; } = DefaultMaxSessionAgeSeconds;

    /// <summary>The default cap on session age: one day.</summary>
    public const int DefaultMaxSessionAgeSeconds = 86400;
}
