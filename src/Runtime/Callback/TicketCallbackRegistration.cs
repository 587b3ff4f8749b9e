using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TicketKeys.Interop;

namespace TicketKeys.Callback;

/// <summary>Registers provider callbacks on <c>SSL_CTX</c>s and maps an <c>SSL*</c> back to its provider.</summary>
/// <remarks>
/// OpenSSL calls the ticket callback of the context a connection was created on (its session context), for both
/// directions, but an SNI callback may switch the connection's <c>SSL_get_SSL_CTX</c> between the two: it decrypts a
/// presented ticket before the servername callback and encrypts the new ticket after it. So every <c>SSL</c> records its
/// creation context in an ex_data slot (an ex_data <c>new_func</c> that runs in <c>SSL_new</c>), and the provider is
/// resolved from that record: one provider serves both directions of a connection.
/// </remarks>
internal static unsafe class TicketCallbackRegistration
{
    private static readonly object AttachLock = new();
    private static readonly int ExDataIndex = CreateExDataIndex();
    private static readonly int CreationContextIndex = CreateCreationContextIndex();

    public static TicketKeyAttachment Attach(
        nint sslContext,
        object provider,
        delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint, nint, int, int> evpCallback,
        delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint, nint, int, int> legacyCallback,
        TicketCallbackApi api,
        int maxSessionAgeSeconds,
        TimeProvider? timeProvider)
    {
        if (sslContext == 0)
        {
            throw new ArgumentException("The SSL_CTX pointer is null.", nameof(sslContext));
        }

        ArgumentNullException.ThrowIfNull(provider);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSessionAgeSeconds);
        TicketCallbackApi chosen = Choose(api);
        TicketCrypto.EnsureInitialized();

        lock (AttachLock)
        {
            (TicketProviderSlot slot, nint slotHandle) = GetOrCreateSlot(sslContext);
            if (slot.Provider is not null)
            {
                throw new InvalidOperationException(
                    $"SSL_CTX 0x{sslContext:x} already has a ticket key provider ({slot.Provider.GetType().Name}); dispose its attachment first.");
            }

            if (LibSsl.ContextUpReference(sslContext) != 1)
            {
                throw new InvalidOperationException($"SSL_CTX_up_ref failed on 0x{sslContext:x}: {OpenSslError.Drain()}");
            }

            slot.Provider = provider;
            slot.SessionAgeLimit = maxSessionAgeSeconds == 0
                ? null
                : new SessionAgeLimit(TimeSpan.FromSeconds(maxSessionAgeSeconds), timeProvider ?? TimeProvider.System);
            bool registered = (chosen == TicketCallbackApi.Evp
                    ? LibSsl.SetTicketKeyEvpCallback(sslContext, evpCallback) == 1
                    : LibSsl.ContextCallbackControl(sslContext, LibSsl.SetTicketKeyCallbackControl, legacyCallback).Value == 1)
                && (slot.SessionAgeLimit is null || SessionAgeLimit.Register(sslContext, slotHandle));
            if (!registered)
            {
                slot.Provider = null;
                slot.SessionAgeLimit = null;
                string error = OpenSslError.Drain();
                LibSsl.ContextFree(sslContext);
                throw new InvalidOperationException($"OpenSSL refused the {chosen} ticket key callback on SSL_CTX 0x{sslContext:x}: {error}");
            }

            return new TicketKeyAttachment(sslContext, slot, chosen);
        }
    }

    public static void Detach(nint sslContext, TicketProviderSlot slot, TicketCallbackApi api)
    {
        lock (AttachLock)
        {
            _ = api == TicketCallbackApi.Evp
                ? LibSsl.SetTicketKeyEvpCallback(sslContext, DetachedTicketCallback.Pointer)
                : LibSsl.ContextCallbackControl(sslContext, LibSsl.SetTicketKeyCallbackControl, DetachedTicketCallback.Pointer).Value;
            slot.Provider = null;
            slot.SessionAgeLimit = null;
            LibSsl.ContextFree(sslContext);
        }
    }

    /// <summary>
    /// The provider attached to the context the connection was created on, or null (detached, or a foreign context).
    /// A connection created before TicketKeys first attached has no record and falls back to its current context.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TProvider? Resolve<TProvider>(nint ssl)
        where TProvider : class
    {
        nint context = LibSsl.GetExData(ssl, CreationContextIndex);
        if (context == 0)
        {
            context = LibSsl.GetContext(ssl);
        }

        nint slotHandle = context == 0 ? 0 : LibSsl.GetContextExData(context, ExDataIndex);
        return slotHandle == 0 ? null : ((TicketProviderSlot?)GCHandle.FromIntPtr(slotHandle).Target)?.Provider as TProvider;
    }

    private static TicketCallbackApi Choose(TicketCallbackApi api)
    {
        OpenSslHandles library = OpenSslLibrary.Loaded;
        return api switch
        {
            TicketCallbackApi.Automatic when library.HasEvpTicketCallback => TicketCallbackApi.Evp,
            TicketCallbackApi.Automatic or TicketCallbackApi.Legacy when library.HasLegacyHmac => TicketCallbackApi.Legacy,
            TicketCallbackApi.Automatic or TicketCallbackApi.Legacy => throw new OpenSslUnavailableException(
                $"The legacy ticket callback needs HMAC_Init_ex, which '{library.CryptoPath}' lacks (built without deprecated APIs){(library.HasEvpTicketCallback ? "; use TicketCallbackApi.Evp or Automatic" : string.Empty)}."),
            TicketCallbackApi.Evp when library.HasEvpTicketCallback => TicketCallbackApi.Evp,
            TicketCallbackApi.Evp => throw new OpenSslUnavailableException(
                $"The EVP ticket callback needs OpenSSL 3 (SSL_CTX_set_tlsext_ticket_key_evp_cb); '{library.SslPath}' lacks it. Use TicketCallbackApi.Legacy or Automatic."),
            _ => throw new ArgumentOutOfRangeException(nameof(api), api, "Unknown ticket callback API."),
        };
    }

    private static (TicketProviderSlot Slot, nint Handle) GetOrCreateSlot(nint sslContext)
    {
        nint existing = LibSsl.GetContextExData(sslContext, ExDataIndex);
        if (existing != 0)
        {
            return ((TicketProviderSlot)GCHandle.FromIntPtr(existing).Target!, existing);
        }

        var slot = new TicketProviderSlot();
        GCHandle handle = GCHandle.Alloc(slot);
        if (LibSsl.SetContextExData(sslContext, ExDataIndex, GCHandle.ToIntPtr(handle)) != 1)
        {
            handle.Free();
            throw new InvalidOperationException($"SSL_CTX_set_ex_data failed on 0x{sslContext:x}: {OpenSslError.Drain()}");
        }

        return (slot, GCHandle.ToIntPtr(handle));
    }

    private static int CreateExDataIndex()
    {
        OpenSslLibrary.EnsureLoaded();
        int index = LibCrypto.GetExNewIndex(LibCrypto.ExIndexSslContext, new CLong(0), 0, 0, 0, (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, int, CLong, nint, void>)&FreeSlot);
        return index >= 0
            ? index
            : throw new OpenSslUnavailableException($"CRYPTO_get_ex_new_index failed for SSL_CTX: {OpenSslError.Drain()}");
    }

    private static int CreateCreationContextIndex()
    {
        OpenSslLibrary.EnsureLoaded();
        int index = LibCrypto.GetExNewIndex(LibCrypto.ExIndexSsl, new CLong(0), 0, (nint)(delegate* unmanaged[Cdecl]<nint, nint, nint, int, CLong, nint, void>)&RecordCreationContext, 0, 0);
        return index >= 0
            ? index
            : throw new OpenSslUnavailableException($"CRYPTO_get_ex_new_index failed for SSL: {OpenSslError.Drain()}");
    }

    /// <summary>
    /// OpenSSL's ex_data new callback for every <c>SSL</c> made in the process from now on: runs in <c>SSL_new</c>, when
    /// the connection's context is still the one it was created on, and records it. The connection holds a reference
    /// on that context for its whole life, so the raw pointer stays valid.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void RecordCreationContext(nint ssl, nint unused, nint exData, int index, CLong argl, nint argp)
    {
        nint context = ssl == 0 ? 0 : LibSsl.GetContext(ssl);
        if (context != 0)
        {
            _ = LibCrypto.SetExData(exData, index, context);
        }
    }

    /// <summary>OpenSSL's ex_data free callback: runs when an <c>SSL_CTX</c> is freed, releasing its slot's handle.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void FreeSlot(nint parent, nint slotHandle, nint exData, int index, CLong argl, nint argp)
    {
        if (slotHandle != 0)
        {
            GCHandle.FromIntPtr(slotHandle).Free();
        }
    }
}
