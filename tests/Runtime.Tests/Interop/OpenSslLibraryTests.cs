using System.IO;
using System.Linq;
using TicketKeys.Interop;
using Xunit;

namespace TicketKeys.Tests.Interop;

public class OpenSslLibraryTests
{
    [Fact]
    public void Without_environment_variables_the_system_OpenSSL_3_is_found_with_the_EVP_callback()
    {
        OpenSslHandles handles = OpenSslLibrary.Locate(_ => null, LoadedOpenSsl.None);

        Assert.Equal("libssl.so.3", handles.SslPath);
        Assert.Equal("libcrypto.so.3", handles.CryptoPath);
        Assert.True(handles.HasEvpTicketCallback);
        Assert.True(handles.HasFetch);
    }

    [Fact]
    public void Full_paths_from_the_environment_are_used()
    {
        OpenSslLibrary.Locate(_ => null, LoadedOpenSsl.None);
        (string ssl, string crypto) = LoadedPaths();

        OpenSslHandles handles = OpenSslLibrary.Locate(Environment(ssl, crypto), LoadedOpenSsl.None);

        Assert.Equal(ssl, handles.SslPath);
        Assert.Equal(crypto, handles.CryptoPath);
    }

    [Fact]
    public void A_wrong_path_in_the_environment_fails_and_lists_what_was_tried_without_falling_back()
    {
        OpenSslUnavailableException error = Assert.Throws<OpenSslUnavailableException>(
            () => OpenSslLibrary.Locate(Environment("/nonexistent/libssl.so.3", "/nonexistent/libcrypto.so.3"), LoadedOpenSsl.None));

        Assert.Contains("/nonexistent/libcrypto.so.3", error.Message, System.StringComparison.Ordinal);
        Assert.Contains(OpenSslLibrary.CryptoPathVariable, error.Message, System.StringComparison.Ordinal);
        Assert.Single(error.Tried);
    }

    [Fact]
    public void Only_one_environment_variable_is_an_error()
    {
        OpenSslUnavailableException error = Assert.Throws<OpenSslUnavailableException>(
            () => OpenSslLibrary.Locate(name => name == OpenSslLibrary.SslPathVariable ? "/usr/lib/libssl.so.3" : null, LoadedOpenSsl.None));

        Assert.Contains("must be set together", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_without_the_ticket_functions_is_refused_with_the_missing_names()
    {
        OpenSslLibrary.Locate(_ => null, LoadedOpenSsl.None);
        (_, string crypto) = LoadedPaths();

        // libcrypto loads fine as "libssl" but has none of libssl's functions.
        OpenSslUnavailableException error = Assert.Throws<OpenSslUnavailableException>(
            () => OpenSslLibrary.Locate(Environment(crypto, crypto), LoadedOpenSsl.None));

        Assert.Contains("SSL_CTX_callback_ctrl", error.Message, System.StringComparison.Ordinal);
        Assert.Contains("SSL_get_SSL_CTX", error.Tried);
    }

    [Fact]
    public void A_libcrypto_without_the_deprecated_HMAC_Init_ex_loads_for_the_EVP_callback()
    {
        OpenSslLibrary.Locate(_ => null, LoadedOpenSsl.None);
        (string ssl, _) = LoadedPaths();
        string folder = Path.Combine(Path.GetTempPath(), "ticketkeys-nohmac-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // What OpenSSL 3 built with no-deprecated exports of the functions TicketKeys calls: all but HMAC_Init_ex.
            string[] exported =
            [
                "CRYPTO_get_ex_new_index", "RAND_bytes", "EVP_EncryptInit_ex", "EVP_DecryptInit_ex", "EVP_aes_128_cbc",
                "EVP_aes_256_cbc", "EVP_sha256", "ERR_get_error", "ERR_error_string_n", "ERR_clear_error",
                "EVP_MAC_CTX_set_params", "EVP_CIPHER_fetch", "EVP_MD_fetch",
            ];
            string source = Path.Combine(folder, "crypto.c");
            string library = Path.Combine(folder, "libcrypto-no-deprecated.so");
            File.WriteAllLines(source, exported.Select(name => $"void {name}(void) {{}}"));
            using (var gcc = System.Diagnostics.Process.Start("gcc", ["-shared", "-fPIC", "-o", library, source]))
            {
                gcc.WaitForExit();
                Assert.Equal(0, gcc.ExitCode);
            }

            OpenSslHandles handles = OpenSslLibrary.Locate(Environment(ssl, library), LoadedOpenSsl.None);

            Assert.False(handles.HasLegacyHmac);
            Assert.True(handles.HasEvpTicketCallback);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Without_environment_variables_the_copy_already_loaded_is_used_by_its_full_path()
    {
        OpenSslLibrary.Locate(_ => null, LoadedOpenSsl.None);
        LoadedOpenSsl loaded = LoadedOpenSsl.Probe();

        OpenSslHandles handles = OpenSslLibrary.Locate(_ => null, loaded);

        Assert.Equal(loaded.Ssl[0], handles.SslPath);
        Assert.Equal(loaded.Crypto[0], handles.CryptoPath);
        Assert.StartsWith("/", handles.SslPath, System.StringComparison.Ordinal);
    }

    [Fact]
    public void The_loaded_copy_named_through_a_symbolic_link_is_accepted()
    {
        OpenSslLibrary.Locate(_ => null, LoadedOpenSsl.None);
        LoadedOpenSsl loaded = LoadedOpenSsl.Probe();
        string folder = Path.Combine(Path.GetTempPath(), "ticketkeys-link-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string ssl = Path.Combine(folder, "libssl.so.3");
            string crypto = Path.Combine(folder, "libcrypto.so.3");
            File.CreateSymbolicLink(ssl, loaded.Ssl[0]);
            File.CreateSymbolicLink(crypto, loaded.Crypto[0]);

            OpenSslHandles handles = OpenSslLibrary.Locate(Environment(ssl, crypto), loaded);

            Assert.Equal(ssl, handles.SslPath);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_environment_path_other_than_the_loaded_copy_is_refused_naming_both_before_loading_it()
    {
        OpenSslLibrary.Locate(_ => null, LoadedOpenSsl.None);
        LoadedOpenSsl loaded = LoadedOpenSsl.Probe();

        // Refused before any load: the files need not exist.
        OpenSslUnavailableException error = Assert.Throws<OpenSslUnavailableException>(
            () => OpenSslLibrary.Locate(Environment("/opt/other/libssl.so.3", "/opt/other/libcrypto.so.3"), loaded));

        Assert.Contains("/opt/other/libssl.so.3", error.Message, System.StringComparison.Ordinal);
        Assert.Contains(loaded.Ssl[0], error.Message, System.StringComparison.Ordinal);
        Assert.Contains("second OpenSSL copy", error.Message, System.StringComparison.Ordinal);
        Assert.Equal(["/opt/other/libssl.so.3", .. loaded.Ssl], error.Tried);
    }

    private static System.Func<string, string?> Environment(string ssl, string crypto) => name => name switch
    {
        OpenSslLibrary.SslPathVariable => ssl,
        OpenSslLibrary.CryptoPathVariable => crypto,
        _ => null,
    };

    /// <summary>The files the dynamic loader mapped for libssl and libcrypto (Linux).</summary>
    private static (string Ssl, string Crypto) LoadedPaths()
    {
        LoadedOpenSsl loaded = LoadedOpenSsl.Probe();
        return (loaded.Ssl[0], loaded.Crypto[0]);
    }
}
