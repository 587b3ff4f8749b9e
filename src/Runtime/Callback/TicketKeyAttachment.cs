using System;
using System.Threading;
using TicketKeys.Callback;

namespace TicketKeys;

/// <summary>
/// A provider attached to one <c>SSL_CTX</c>. Holds a reference on the context, so the context outlives the
/// attachment. <see cref="Dispose"/> detaches the provider and lets it and the context go: from then on the context
/// issues no session tickets and resumes none (a stub callback answers "no ticket" / "full handshake"; OpenSSL's
/// built-in ticket key, which never rotates, is not used) until another provider is attached. A handshake already
/// inside the callback finishes safely the same way.
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

    /// <summary>Detaches: later handshakes on the context issue no tickets and resume none, until another provider is attached.</summary>
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
