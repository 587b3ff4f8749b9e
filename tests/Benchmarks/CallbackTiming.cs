using System;
using System.Reflection;
using TicketKeys.Samples.Tls;

namespace TicketKeys.Benchmarks;

/// <summary>
/// The callback alone: a C harness calls the generated callback and the man page's C callback through their function
/// pointers in a tight loop, with real cipher and MAC contexts, for a new ticket (<c>enc = 1</c>) and a presented one
/// (<c>enc = 0</c>). Nanoseconds per call, and managed bytes allocated per call of the generated callback.
/// </summary>
internal static unsafe class CallbackTiming
{
    private const int CallsPerRound = 20_000;

    public static void Run(ServerCertificate certificate, ManPageCallback? manPage, Action<string, double> print)
    {
        using ServerContext server = ServerContext.Create(certificate);
        using var ring = new TicketKeyRing();
        using TicketKeyAttachment attachment = ring.AttachTo(server.Handle);
        nint ssl = LibSsl.SSL_new(server.Handle);
        try
        {
            byte[] ringKeyName = ring.Keys[0].Name.ToArray();
            nint generatedEvp = EntryPoint("__TicketKeys_EvpCallback");
            nint generatedLegacy = EntryPoint("__TicketKeys_LegacyCallback");
            if (manPage is null)
            {
                // The harness that calls the callbacks is C too.
                Console.WriteLine($"callback: skipped: {ManPageCallback.ExpectedPath} was not built (no gcc or OpenSSL headers at build time)");
                return;
            }

            print("callback_alloc_bytes", AllocatedBytesPerCall(manPage, generatedEvp, ssl, ringKeyName));
            byte[] manPageKeyName = manPage.KeyName;

            foreach (int enc in new[] { 1, 0 })
            {
                double[] ns = Measurement.InterleavedMedians(
                    () => NanosecondsPerCall(manPage.TimeEvp, generatedEvp, ssl, ringKeyName, enc),
                    () => NanosecondsPerCall(manPage.TimeEvp, manPage.Evp, ssl, manPageKeyName, enc),
                    () => NanosecondsPerCall(manPage.TimeLegacy, generatedLegacy, ssl, ringKeyName, enc),
                    () => NanosecondsPerCall(manPage.TimeLegacy, manPage.Legacy, ssl, manPageKeyName, enc));
                print($"callback_generated_evp_enc{enc}_ns", ns[0]);
                print($"callback_c_evp_enc{enc}_ns", ns[1]);
                print($"callback_generated_legacy_enc{enc}_ns", ns[2]);
                print($"callback_c_legacy_enc{enc}_ns", ns[3]);
                print($"callback_ratio_enc{enc}", ns[0] / ns[1]);
                print($"callback_ratio_legacy_enc{enc}", ns[2] / ns[3]);
            }
        }
        finally
        {
            LibSsl.SSL_free(ssl);
        }
    }

    /// <summary>The generated entry point of the runtime's own provider, <see cref="TicketKeyRing"/>.</summary>
    private static nint EntryPoint(string name) =>
        typeof(TicketKeyRing).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)?.MethodHandle.GetFunctionPointer()
        ?? throw new InvalidOperationException($"TicketKeyRing has no generated {name}");

    private static double NanosecondsPerCall(
        delegate* unmanaged[Cdecl]<nint, nint, byte*, int, int, int, long> harness, nint callback, nint ssl, byte[] keyName, int enc)
    {
        long elapsed;
        fixed (byte* name = keyName)
        {
            // A connection that has not negotiated yet reports TLS 1.3, OpenSSL's initial version: both callbacks
            // renew on the decrypt path (2), the same work on both sides.
            elapsed = harness(callback, ssl, name, enc, enc == 1 ? 1 : 2, CallsPerRound);
        }

        return elapsed >= 0
            ? (double)elapsed / CallsPerRound
            : throw new InvalidOperationException($"a ticket callback did not answer {(enc == 1 ? 1 : 2)} (enc={enc})");
    }

    /// <summary>Managed bytes allocated per call of the generated EVP callback, over a large batch of both directions.</summary>
    private static double AllocatedBytesPerCall(ManPageCallback harness, nint generatedEvp, nint ssl, byte[] keyName)
    {
        NanosecondsPerCall(harness.TimeEvp, generatedEvp, ssl, keyName, 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        NanosecondsPerCall(harness.TimeEvp, generatedEvp, ssl, keyName, 1);
        NanosecondsPerCall(harness.TimeEvp, generatedEvp, ssl, keyName, 0);
        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / (2 * CallsPerRound);
    }
}
