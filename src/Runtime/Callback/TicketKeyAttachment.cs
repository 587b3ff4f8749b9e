using System;
using System.Threading;
using TicketKeys.Callback;

namespace TicketKeys;

/// <summary>
/// A provider attached to one <c>SSL_CTX</c>. Holds a reference on the context, so the context outlives the
/// attachment. <see cref="Dispose"/> unregisters the callback and lets the provider and the context go; a handshake
/// already inside the callback finishes safely (it finds no provider and answers "no ticket" / "full handshake").
/// </summary>
public sealed class TicketKeyAttachment : IDisposable
{
    private readonly TicketProviderSlot _slot;
    private int _disposed;

    internal TicketKeyAttachment(nint context, TicketProviderSlot slot, TicketCallbackApi api)
    {
        SslContext = context;
        _slot = slot;
        Api = api;
    }

    /// <summary>The registration in force: <see cref="TicketCallbackApi.Evp"/> or <see cref="TicketCallbackApi.Legacy"/>.</summary>
    public TicketCallbackApi Api { get; }

    /// <summary>The <c>SSL_CTX*</c> the provider is attached to.</summary>
    public nint SslContext { get; }

    /// <summary>Whether <see cref="Dispose"/> has run.</summary>
    public bool IsDetached => Volatile.Read(ref _disposed) != 0;

    /// <summary>Detaches: later handshakes on the context issue and accept no tickets from this provider.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            TicketCallbackRegistration.Detach(SslContext, _slot, Api);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"TicketKeyAttachment (SSL_CTX 0x{SslContext:x}, {Api}{(IsDetached ? ", detached" : string.Empty)})";
}
