using System.Runtime.InteropServices;

namespace TicketKeys.Interop;

/// <summary>The libcrypto functions TicketKeys calls.</summary>
internal static unsafe partial class LibCrypto
{
    /// <summary><c>CRYPTO_EX_INDEX_SSL</c>.</summary>
    public const int ExIndexSsl = 0;

    /// <summary><c>CRYPTO_EX_INDEX_SSL_CTX</c>.</summary>
    public const int ExIndexSslContext = 1;

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "CRYPTO_get_ex_new_index")]
    public static partial int GetExNewIndex(int classIndex, CLong argl, nint argp, nint newFunc, nint dupFunc, nint freeFunc);

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "CRYPTO_set_ex_data")]
    public static partial int SetExData(nint exData, int index, nint value);

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "RAND_bytes")]
    public static partial int RandBytes(byte* buffer, int length);

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "EVP_EncryptInit_ex")]
    public static partial int EncryptInit(nint context, nint cipher, nint engine, byte* key, byte* iv);

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "EVP_DecryptInit_ex")]
    public static partial int DecryptInit(nint context, nint cipher, nint engine, byte* key, byte* iv);

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "HMAC_Init_ex")]
    public static partial int HmacInit(nint context, byte* key, int keyLength, nint digest, nint engine);

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "EVP_MAC_CTX_set_params")]
    public static partial int MacSetParameters(nint context, OsslParam* parameters);

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "EVP_CIPHER_fetch")]
    public static partial nint CipherFetch(nint libraryContext, byte* algorithm, byte* properties);

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "EVP_MD_fetch")]
    public static partial nint DigestFetch(nint libraryContext, byte* algorithm, byte* properties);

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "EVP_aes_128_cbc")]
    public static partial nint Aes128Cbc();

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "EVP_aes_256_cbc")]
    public static partial nint Aes256Cbc();

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "EVP_sha256")]
    public static partial nint Sha256();

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "ERR_get_error")]
    public static partial CULong GetError();

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "ERR_error_string_n")]
    public static partial void ErrorString(CULong error, byte* buffer, nuint length);

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "ERR_clear_error")]
    public static partial void ClearError();

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "EVP_CIPHER_CTX_new")]
    public static partial nint CipherContextNew();

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "EVP_CIPHER_CTX_free")]
    public static partial void CipherContextFree(nint context);

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "EVP_DecryptUpdate")]
    public static partial int DecryptUpdate(nint context, byte* output, int* outputLength, byte* input, int inputLength);

    [LibraryImport(OpenSslLibrary.Crypto, EntryPoint = "EVP_DecryptFinal_ex")]
    public static partial int DecryptFinal(nint context, byte* output, int* outputLength);
}
