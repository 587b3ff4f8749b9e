using System;
using System.ComponentModel;
using TicketKeys.Callback;
using TicketKeys.Interop;

namespace TicketKeys.__Internals;

/// <summary>
/// For code the TicketKeys generator emits, and nothing else: the runtime half of a generated ticket callback
/// (everything that touches OpenSSL, shared by all providers). Not a supported API: its members change without notice.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class __ProviderCallbackHelper
{
    /// <summary>
    /// The provider serving the connection: the one attached to the <c>SSL_CTX</c> the connection was created on (the
    /// same for both directions, whatever an SNI callback switches), or null when none is (any more).
    /// </summary>
    public static TProvider? Resolve<TProvider>(nint ssl)
        where TProvider : class => TicketCallbackRegistration.Resolve<TProvider>(ssl);

    /// <summary>The connection, for key methods that take it.</summary>
    public static TicketCallbackContext CreateContext(nint ssl) => new(ssl);

    /// <summary>Registers a generated provider's entry points on <paramref name="sslContext"/>.</summary>
    public static TicketKeyAttachment Attach(
        nint sslContext,
        object provider,
        delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint, nint, int, int> evpCallback,
        delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint, nint, int, int> legacyCallback,
        TicketCallbackApi api,
        int maxSessionAgeSeconds,
        TimeProvider? timeProvider) =>
        TicketCallbackRegistration.Attach(sslContext, provider, evpCallback, legacyCallback, api, maxSessionAgeSeconds, timeProvider);

    /// <summary>The provider chose no key: no ticket is issued.</summary>
    public static void NoEncryptionKey() => TicketKeysMetrics.TicketNotIssued("no_key");

    /// <summary>
    /// Fills the IV from OpenSSL's CSPRNG, copies the key name, sets up cipher and MAC. Returns 1 (issue the ticket);
    /// 0 (no ticket this time) when the key is weaker than <paramref name="minimumKeyBits"/> or was retired after the
    /// provider chose it; <paramref name="encryptFailureCode"/> when OpenSSL's set-up fails.
    /// </summary>
    public static int BeginEncryption(TicketKey key, byte* keyName, byte* iv, nint cipherContext, nint macContext, TicketCallbackApi api, int minimumKeyBits, int encryptFailureCode)
    {
        if (key.StrengthBits < minimumKeyBits)
        {
            TicketKeysMetrics.TicketNotIssued("weak_key");
            return 0;
        }

        if (TicketCrypto.BeginEncryption(key, keyName, iv, cipherContext, macContext, api))
        {
            TicketKeysMetrics.TicketIssued();
            return 1;
        }

        // A ring retires (disposes) keys while handshakes run: that is routine, not a failure to abort for.
        if (key.IsDisposed)
        {
            TicketKeysMetrics.TicketNotIssued("retired_key");
            return 0;
        }

        TicketKeysMetrics.TicketNotIssued("error");
        return encryptFailureCode;
    }

    /// <summary>
    /// Sets up cipher and MAC for a presented ticket the provider accepted. False (full handshake) otherwise, or when
    /// the key is weaker than <paramref name="minimumKeyBits"/>.
    /// </summary>
    public static bool BeginDecryption(in TicketKeyLookup lookup, byte* iv, nint cipherContext, nint macContext, TicketCallbackApi api, int minimumKeyBits)
    {
        switch (lookup.Result)
        {
            case TicketKeyLookupResult.Resume or TicketKeyLookupResult.Renew when lookup.Key?.StrengthBits < minimumKeyBits:
                TicketKeysMetrics.TicketRejected("weak_key");
                return false;
            case TicketKeyLookupResult.Resume or TicketKeyLookupResult.Renew when lookup.Key is not null:
                if (TicketCrypto.BeginDecryption(lookup.Key, iv, cipherContext, macContext, api))
                {
                    return true;
                }

                // Retired (rotated out or revoked) between lookup and use: a full handshake, as the ring now decides.
                TicketKeysMetrics.TicketRejected(lookup.Key.IsDisposed ? "retired_key" : "error");
                return false;
            case TicketKeyLookupResult.Expired:
                TicketKeysMetrics.TicketRejected("expired");
                return false;
            case TicketKeyLookupResult.UnknownKey:
                TicketKeysMetrics.TicketRejected("unknown_key");
                return false;
            case TicketKeyLookupResult.Revoked:
                TicketKeysMetrics.TicketRejected("revoked");
                return false;
            default:
                TicketKeysMetrics.TicketRejected("error");
                return false;
        }
    }

    /// <summary>
    /// Whether an accepted ticket is replaced (callback returns 2) rather than kept (1): the provider asked for it, or
    /// the connection is TLS 1.3 and <paramref name="renewOnTls13"/> is set. Counts the decision and, for the
    /// <c>SslStream</c> bridge, records the accepted key's name on the connection.
    /// </summary>
    public static bool IsRenewal(nint ssl, in TicketKeyLookup lookup, bool renewOnTls13)
    {
        if (lookup.Key is { } key)
        {
            ResumedKeyRecord.Record(ssl, key.Name);
        }

        bool renew = lookup.Result == TicketKeyLookupResult.Renew
            || (renewOnTls13 && LibSsl.Version(ssl) == LibSsl.Tls13Version);
        if (renew)
        {
            TicketKeysMetrics.TicketRenewed();
        }
        else
        {
            TicketKeysMetrics.TicketResumed();
        }

        return renew;
    }

    /// <summary>
    /// Contains an exception from the provider so it never reaches OpenSSL (it would abort the process): counts and
    /// reports it, then answers 0 on the decrypt path (full handshake) or <paramref name="encryptFailureCode"/>.
    /// </summary>
    public static int Contain(Exception exception, int enc, int encryptFailureCode)
    {
        bool encrypting = enc == 1;
        if (encrypting)
        {
            TicketKeysMetrics.TicketNotIssued("error");
        }
        else
        {
            TicketKeysMetrics.TicketRejected("error");
        }

        TicketKeysDiagnostics.ReportCallbackException(exception);
        return encrypting ? encryptFailureCode : 0;
    }
}
