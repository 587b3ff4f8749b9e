using System;
using TicketKeys.Interop;

namespace TicketKeys.Callback;

/// <summary>
/// Sets up the cipher and MAC contexts OpenSSL hands the ticket callback. The cipher and digest are fetched once
/// (explicit fetching is measurably cheaper in OpenSSL 3 than <c>EVP_aes_256_cbc()</c> on every call).
/// </summary>
/// <remarks>
/// They come from the default library context: OpenSSL 3.0 cannot tell which library context an <c>SSL_CTX</c> was
/// made in (<c>SSL_CTX_new_ex</c>). The EVP callback's HMAC is OpenSSL's own, in the context's library context.
/// </remarks>
internal static unsafe class TicketCrypto
{
    /// <summary>AES-CBC's IV length; the IV buffer OpenSSL passes holds <c>EVP_MAX_IV_LENGTH</c> (16) bytes.</summary>
    public const int IvLength = 16;

    private static readonly nint Aes128Cipher;
    private static readonly nint Aes256Cipher;
    private static readonly nint Sha256Digest;

    static TicketCrypto()
    {
        OpenSslHandles library = OpenSslLibrary.Loaded;
        if (library.HasFetch)
        {
            Aes128Cipher = FetchCipher("AES-128-CBC\0"u8);
            Aes256Cipher = FetchCipher("AES-256-CBC\0"u8);
            fixed (byte* name = "SHA256\0"u8)
            {
                Sha256Digest = LibCrypto.DigestFetch(0, name, null);
            }
        }
        else
        {
            Aes128Cipher = LibCrypto.Aes128Cbc();
            Aes256Cipher = LibCrypto.Aes256Cbc();
            Sha256Digest = LibCrypto.Sha256();
        }

        if (Aes128Cipher == 0 || Aes256Cipher == 0 || Sha256Digest == 0)
        {
            throw new OpenSslUnavailableException(
                $"OpenSSL at '{library.CryptoPath}' has no AES-128-CBC, AES-256-CBC or SHA256 implementation: {OpenSslError.Drain()}");
        }
    }

    /// <summary>Ensures cipher and digest are fetched (done at attach time, not in the first handshake).</summary>
    public static void EnsureInitialized() => _ = Aes256Cipher;

    /// <summary>New ticket: random IV, key name copy, encryption and MAC set-up. False when any step fails.</summary>
    public static bool BeginEncryption(TicketKey key, byte* keyName, byte* iv, nint cipherContext, nint macContext, TicketCallbackApi api)
    {
        if (!key.TryAcquire())
        {
            return false;
        }

        try
        {
            if (LibCrypto.RandBytes(iv, IvLength) != 1)
            {
                LibCrypto.ClearError();
                return false;
            }

            key.Name.CopyTo(new Span<byte>(keyName, TicketKey.NameLength));
            return Succeeded(LibCrypto.EncryptInit(cipherContext, CipherOf(key), 0, key.AesKey, iv) == 1
                && InitializeMac(key, macContext, api));
        }
        finally
        {
            key.Release();
        }
    }

    /// <summary>Presented ticket: decryption and MAC set-up with the IV OpenSSL parsed from the ticket.</summary>
    public static bool BeginDecryption(TicketKey key, byte* iv, nint cipherContext, nint macContext, TicketCallbackApi api)
    {
        if (!key.TryAcquire())
        {
            return false;
        }

        try
        {
            return Succeeded(InitializeMac(key, macContext, api)
                && LibCrypto.DecryptInit(cipherContext, CipherOf(key), 0, key.AesKey, iv) == 1);
        }
        finally
        {
            key.Release();
        }
    }

    private static bool InitializeMac(TicketKey key, nint macContext, TicketCallbackApi api)
    {
        if (api == TicketCallbackApi.Legacy)
        {
            return LibCrypto.HmacInit(macContext, key.HmacKey, key.HmacKeyLength, Sha256Digest, 0) == 1;
        }

        fixed (byte* keyParameter = "key\0"u8)
        fixed (byte* digestParameter = "digest\0"u8)
        fixed (byte* digestName = "SHA256\0"u8)
        {
            OsslParam* parameters = stackalloc OsslParam[3];
            parameters[0] = OsslParam.Create(keyParameter, OsslParam.OctetString, key.HmacKey, (nuint)key.HmacKeyLength);
            parameters[1] = OsslParam.Create(digestParameter, OsslParam.Utf8String, digestName, 6);
            parameters[2] = default;
            return LibCrypto.MacSetParameters(macContext, parameters) == 1;
        }
    }

    internal static nint CipherOf(TicketKey key) => key.Cipher == TicketCipher.Aes128Cbc ? Aes128Cipher : Aes256Cipher;

    /// <summary>A failed set-up leaves errors on OpenSSL's per-thread queue; they would be blamed on the handshake.</summary>
    private static bool Succeeded(bool succeeded)
    {
        if (!succeeded)
        {
            LibCrypto.ClearError();
        }

        return succeeded;
    }

    private static nint FetchCipher(ReadOnlySpan<byte> name)
    {
        fixed (byte* pointer = name)
        {
            return LibCrypto.CipherFetch(0, pointer, null);
        }
    }
}
