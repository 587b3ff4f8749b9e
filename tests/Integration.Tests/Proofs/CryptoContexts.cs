using System;
using System.Runtime.InteropServices;

namespace TicketKeys.Integration.Tests.Proofs;

/// <summary>The cipher and HMAC contexts OpenSSL hands a ticket callback, made here to drive the callback's runtime half directly.</summary>
internal sealed unsafe partial class CryptoContexts : IDisposable
{
    private const string Library = "libcrypto.so.3";

    private readonly nint _mac;

    public CryptoContexts()
    {
        Cipher = EVP_CIPHER_CTX_new();
        fixed (byte* name = "HMAC\0"u8)
        {
            _mac = EVP_MAC_fetch(0, name, null);
        }

        Mac = EVP_MAC_CTX_new(_mac);
        if (Cipher == 0 || _mac == 0 || Mac == 0)
        {
            throw new InvalidOperationException("libcrypto could not make cipher and HMAC contexts.");
        }
    }

    public nint Cipher { get; }

    public nint Mac { get; }

    public void Dispose()
    {
        EVP_MAC_CTX_free(Mac);
        EVP_MAC_free(_mac);
        EVP_CIPHER_CTX_free(Cipher);
    }

    [LibraryImport(Library)]
    private static partial nint EVP_CIPHER_CTX_new();

    [LibraryImport(Library)]
    private static partial void EVP_CIPHER_CTX_free(nint context);

    [LibraryImport(Library)]
    private static partial nint EVP_MAC_fetch(nint libraryContext, byte* algorithm, byte* properties);

    [LibraryImport(Library)]
    private static partial void EVP_MAC_free(nint mac);

    [LibraryImport(Library)]
    private static partial nint EVP_MAC_CTX_new(nint mac);

    [LibraryImport(Library)]
    private static partial void EVP_MAC_CTX_free(nint context);
}
