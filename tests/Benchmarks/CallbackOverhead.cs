using System;
using TicketKeys.__Internals;
using TicketKeys.Samples.Tls;

namespace TicketKeys.Benchmarks;

/// <summary>
/// What the provider model costs inside one callback, in nanoseconds: resolving the provider from the connection's
/// creation context (the SNI-proof path) next to the <c>SSL_get_SSL_CTX</c> call it replaced, reading the SNI name
/// through <see cref="TicketCallbackContext"/> (a fresh connection: the slowest path, through the ClientHello), and
/// choosing a per-host key next to the ring's own key. Every figure includes one delegate call of the loop.
/// </summary>
internal static class CallbackOverhead
{
    private const int CallsPerRound = 1_000_000;

    /// <summary>
    /// <c>SSL_new</c> + <c>SSL_free</c> on a context; measured once before TicketKeys registers its <c>SSL</c> ex_data
    /// callbacks (which run in every <c>SSL_new</c>/<c>SSL_free</c> of the process) and once after, for their cost.
    /// </summary>
    public static double NanosecondsPerSslNewFree(ServerCertificate certificate)
    {
        using ServerContext server = ServerContext.Create(certificate);
        for (int i = 0; i < 1000; i++)
        {
            // Warm-up: OpenSSL's first connections on a context do one-time work.
            LibSsl.SSL_free(LibSsl.SSL_new(server.Handle));
        }

        return Measurement.NanosecondsPerCall(() => LibSsl.SSL_free(LibSsl.SSL_new(server.Handle)), CallsPerRound / 20);
    }

    public static void Run(ServerCertificate certificate, TicketKeyRing ring, Action<string, double> print)
    {
        using ServerContext server = ServerContext.Create(certificate);
        using TicketKeyAttachment attachment = ring.AttachTo(server.Handle);
        using var perHost = new PerHostTicketKeys(ring);
        nint ssl = LibSsl.SSL_new(server.Handle);
        try
        {
            print("callback_resolve_provider_ns", Measurement.NanosecondsPerCall(() => _ = __ProviderCallbackHelper.Resolve<TicketKeyRing>(ssl), CallsPerRound));
            print("callback_ssl_get_ssl_ctx_ns", Measurement.NanosecondsPerCall(() => _ = TicketKeys.Interop.LibSsl.GetContext(ssl), CallsPerRound));
            print("callback_context_server_name_ns", Measurement.NanosecondsPerCall(() => _ = __ProviderCallbackHelper.CreateContext(ssl).ServerNameUtf8.Length, CallsPerRound));
            print("callback_ring_encryption_key_ns", Measurement.NanosecondsPerCall(() => _ = ring.GetEncryptionKey(), CallsPerRound));
            print("callback_per_host_encryption_key_ns", Measurement.NanosecondsPerCall(() => _ = perHost.GetEncryptionKey(__ProviderCallbackHelper.CreateContext(ssl)), CallsPerRound));
        }
        finally
        {
            LibSsl.SSL_free(ssl);
        }
    }
}
