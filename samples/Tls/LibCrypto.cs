using System.Runtime.InteropServices;

namespace TicketKeys.Samples.Tls;

/// <summary>The libcrypto half of the sample's own OpenSSL binding: errors, BIOs, certificates and keys.</summary>
internal static unsafe partial class LibCrypto
{
    private const string Library = "libcrypto.so.3";

    [LibraryImport(Library)]
    internal static partial CULong ERR_get_error();

    [LibraryImport(Library)]
    internal static partial void ERR_error_string_n(CULong error, byte* buffer, nuint length);

    [LibraryImport(Library)]
    internal static partial void ERR_clear_error();

    [LibraryImport(Library)]
    internal static partial int BIO_new_bio_pair(out nint bio1, nuint writeBuffer1, out nint bio2, nuint writeBuffer2);

    [LibraryImport(Library)]
    internal static partial nint BIO_new_mem_buf(byte* buffer, int length);

    [LibraryImport(Library)]
    internal static partial int BIO_free(nint bio);

    [LibraryImport(Library)]
    internal static partial nint d2i_X509(nint existing, ref byte* input, CLong length);

    [LibraryImport(Library)]
    internal static partial nint d2i_AutoPrivateKey(nint existing, ref byte* input, CLong length);

    [LibraryImport(Library)]
    internal static partial nint PEM_read_bio_X509(nint bio, nint existing, nint passwordCallback, nint userData);

    [LibraryImport(Library)]
    internal static partial nint PEM_read_bio_PrivateKey(nint bio, nint existing, nint passwordCallback, nint userData);

    [LibraryImport(Library)]
    internal static partial int X509_check_private_key(nint certificate, nint privateKey);

    [LibraryImport(Library)]
    internal static partial void X509_free(nint certificate);

    [LibraryImport(Library)]
    internal static partial void EVP_PKEY_free(nint privateKey);
}
