using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace TicketKeys.Interop;

/// <summary>
/// Finds libssl and libcrypto once, in a fixed order, and serves them to every <c>[LibraryImport]</c> of this assembly:
/// the copy already loaded in the process (by .NET's own <c>SslStream</c>, for example), then
/// <c>TICKETKEYS_LIBSSL</c>/<c>TICKETKEYS_LIBCRYPTO</c> (full paths), then OpenSSL 3, then 1.1, under Linux, macOS and
/// Windows names. Fails with one <see cref="OpenSslUnavailableException"/> that lists what was tried, or that names both
/// copies when the environment points at a different one from the copy already loaded.
/// </summary>
internal static class OpenSslLibrary
{
    public const string Ssl = "libssl";
    public const string Crypto = "libcrypto";

    public const string SslPathVariable = "TICKETKEYS_LIBSSL";
    public const string CryptoPathVariable = "TICKETKEYS_LIBCRYPTO";

    private static readonly (string Crypto, string Ssl)[] KnownNames =
    [
        ("libcrypto.so.3", "libssl.so.3"),
        ("libcrypto.so.1.1", "libssl.so.1.1"),
        ("libcrypto.3.dylib", "libssl.3.dylib"),
        ("/opt/homebrew/opt/openssl@3/lib/libcrypto.3.dylib", "/opt/homebrew/opt/openssl@3/lib/libssl.3.dylib"),
        ("/usr/local/opt/openssl@3/lib/libcrypto.3.dylib", "/usr/local/opt/openssl@3/lib/libssl.3.dylib"),
        ("libcrypto.1.1.dylib", "libssl.1.1.dylib"),
        ("libcrypto-3-x64.dll", "libssl-3-x64.dll"),
        ("libcrypto-3.dll", "libssl-3.dll"),
        ("libcrypto-1_1-x64.dll", "libssl-1_1-x64.dll"),
    ];

    private static readonly string[] RequiredSsl =
    [
        "SSL_get_SSL_CTX", "SSL_CTX_get_ex_data", "SSL_CTX_set_ex_data", "SSL_CTX_callback_ctrl", "SSL_CTX_up_ref",
        "SSL_CTX_free", "SSL_version",
    ];

    private static readonly string[] RequiredCrypto =
    [
        // Not HMAC_Init_ex: OpenSSL 3 builds without deprecated APIs lack it, and only the legacy callback needs it.
        "CRYPTO_get_ex_new_index", "RAND_bytes", "EVP_EncryptInit_ex", "EVP_DecryptInit_ex",
        "EVP_aes_128_cbc", "EVP_aes_256_cbc", "EVP_sha256", "ERR_get_error", "ERR_error_string_n", "ERR_clear_error",
    ];

    private static readonly Lazy<OpenSslHandles> Handles = new(() => Register(Locate(Environment.GetEnvironmentVariable, LoadedOpenSsl.Probe())));

    /// <summary>The loaded libraries; throws <see cref="OpenSslUnavailableException"/> when there are none.</summary>
    public static OpenSslHandles Loaded => Handles.Value;

    /// <summary>Loads the libraries and registers the import resolver before any OpenSSL function is called.</summary>
    public static void EnsureLoaded() => _ = Handles.Value;

    /// <summary>
    /// Loads the first pair that works and checks it has every function TicketKeys needs. Paths given through the
    /// environment are used alone: falling back to other copies would hide the operator's mistake. A copy already in
    /// <paramref name="loaded"/> is used as it is; a different one is refused rather than loaded beside it.
    /// </summary>
    internal static OpenSslHandles Locate(Func<string, string?> environment, LoadedOpenSsl loaded)
    {
        var tried = new List<string>();
        string? sslPath = environment(SslPathVariable);
        string? cryptoPath = environment(CryptoPathVariable);
        bool fromEnvironment = !string.IsNullOrEmpty(sslPath) || !string.IsNullOrEmpty(cryptoPath);
        OpenSslHandles? handles;
        if (!fromEnvironment)
        {
            handles = loaded.Ssl.Count > 0 && loaded.Crypto.Count > 0
                ? TryLoadPair(loaded.Crypto[0], loaded.Ssl[0], tried)
                : LoadKnownNames(tried);
        }
        else if (string.IsNullOrEmpty(sslPath) || string.IsNullOrEmpty(cryptoPath))
        {
            tried.Add($"{SslPathVariable} and {CryptoPathVariable} must be set together (only one is set)");
            handles = null;
        }
        else
        {
            RefuseSecondCopy(sslPath, SslPathVariable, loaded.Ssl);
            RefuseSecondCopy(cryptoPath, CryptoPathVariable, loaded.Crypto);
            handles = TryLoadPair(cryptoPath, sslPath, tried);
        }

        if (handles is null)
        {
            throw new OpenSslUnavailableException(
                "Could not load OpenSSL (libssl and libcrypto). Tried: " + string.Join("; ", tried)
                + (fromEnvironment
                    ? $". Check {SslPathVariable} and {CryptoPathVariable}, or unset both to search the usual names."
                    : $". Install OpenSSL 3 or 1.1, or set {SslPathVariable} and {CryptoPathVariable} to full paths."),
                tried);
        }

        var missing = new List<string>();
        AddMissing(handles.Ssl, RequiredSsl, missing);
        AddMissing(handles.Crypto, RequiredCrypto, missing);
        if (missing.Count > 0)
        {
            throw new OpenSslUnavailableException(
                $"OpenSSL at '{handles.SslPath}' and '{handles.CryptoPath}' lacks functions session tickets need "
                + $"(built with OPENSSL_NO_TLSEXT, too old, or not libssl/libcrypto): {string.Join(", ", missing)}.",
                missing);
        }

        return handles;
    }

    private static void RefuseSecondCopy(string path, string variable, IReadOnlyList<string> loaded)
    {
        if (loaded.Count > 0 && !LoadedOpenSsl.IsSameFile(path, loaded))
        {
            throw new OpenSslUnavailableException(
                $"{variable} is '{path}', but this process already loaded '{string.Join("', '", loaded)}' (for example .NET's own "
                + "SslStream): TicketKeys refuses to load a second OpenSSL copy, whose structures differ from the loaded one's. "
                + $"Point {variable} at the loaded file, or unset {SslPathVariable} and {CryptoPathVariable}.",
                [path, .. loaded]);
        }
    }

    private static OpenSslHandles Register(OpenSslHandles handles)
    {
        NativeLibrary.SetDllImportResolver(typeof(OpenSslLibrary).Assembly, (name, _, _) => name switch
        {
            Ssl => handles.Ssl,
            Crypto => handles.Crypto,
            _ => IntPtr.Zero,
        });
        return handles;
    }

    private static OpenSslHandles? LoadKnownNames(List<string> tried)
    {
        foreach ((string crypto, string ssl) in KnownNames)
        {
            OpenSslHandles? handles = TryLoadPair(crypto, ssl, tried);
            if (handles is not null)
            {
                return handles;
            }
        }

        return null;
    }

    private static OpenSslHandles? TryLoadPair(string cryptoPath, string sslPath, List<string> tried)
    {
        // libssl needs libcrypto's symbols: load libcrypto first so the pair matches.
        if (!TryLoad(cryptoPath, tried, out IntPtr crypto))
        {
            return null;
        }

        if (!TryLoad(sslPath, tried, out IntPtr ssl))
        {
            NativeLibrary.Free(crypto);
            return null;
        }

        return new OpenSslHandles(ssl, crypto, sslPath, cryptoPath);
    }

    private static bool TryLoad(string path, List<string> tried, out IntPtr handle)
    {
        try
        {
            handle = NativeLibrary.Load(path, typeof(OpenSslLibrary).Assembly, DllImportSearchPath.SafeDirectories);
            return true;
        }
        catch (DllNotFoundException exception)
        {
            tried.Add($"{path} ({exception.Message})");
        }
        catch (BadImageFormatException exception)
        {
            tried.Add($"{path} (not a library for this process: {exception.Message})");
        }

        handle = IntPtr.Zero;
        return false;
    }

    private static void AddMissing(IntPtr library, string[] names, List<string> missing)
    {
        foreach (string name in names)
        {
            if (!NativeLibrary.TryGetExport(library, name, out _))
            {
                missing.Add(name);
            }
        }
    }
}
