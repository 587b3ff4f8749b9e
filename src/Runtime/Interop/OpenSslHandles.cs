using System;
using System.Runtime.InteropServices;

namespace TicketKeys.Interop;

/// <summary>The loaded pair, and which optional OpenSSL 3 functions it has.</summary>
internal sealed class OpenSslHandles(IntPtr ssl, IntPtr crypto, string sslPath, string cryptoPath)
{
    public IntPtr Ssl { get; } = ssl;

    public IntPtr Crypto { get; } = crypto;

    public string SslPath { get; } = sslPath;

    public string CryptoPath { get; } = cryptoPath;

    /// <summary>OpenSSL 3's <c>SSL_CTX_set_tlsext_ticket_key_evp_cb</c> (EVP_MAC_CTX); absent in 1.1.</summary>
    public bool HasEvpTicketCallback { get; } =
        NativeLibrary.TryGetExport(ssl, "SSL_CTX_set_tlsext_ticket_key_evp_cb", out _)
        && NativeLibrary.TryGetExport(crypto, "EVP_MAC_CTX_set_params", out _);

    /// <summary>
    /// <c>HMAC_Init_ex</c>, which only the legacy callback needs: deprecated in OpenSSL 3, and absent from builds without
    /// deprecated APIs.
    /// </summary>
    public bool HasLegacyHmac { get; } = NativeLibrary.TryGetExport(crypto, "HMAC_Init_ex", out _);

    /// <summary>OpenSSL 3's explicit fetching (<c>EVP_CIPHER_fetch</c>, <c>EVP_MD_fetch</c>).</summary>
    public bool HasFetch { get; } =
        NativeLibrary.TryGetExport(crypto, "EVP_CIPHER_fetch", out _) && NativeLibrary.TryGetExport(crypto, "EVP_MD_fetch", out _);
}
