using System;

namespace TicketKeys.Callback;

/// <summary>
/// What an <c>SSL_CTX</c>'s ex_data slot points at (through a GCHandle). The handle lives as long as the context and is
/// freed by OpenSSL's ex_data free callback, so a callback in flight never reads a freed handle; detaching only
/// clears <see cref="Provider"/>.
/// </summary>
internal sealed class TicketProviderSlot
{
    private volatile object? _provider;
    private volatile SessionAgeLimit? _sessionAgeLimit;

    public object? Provider
    {
        get => _provider;
        set => _provider = value;
    }

    /// <summary>The cap on session age across renewals while a provider is attached; null for none.</summary>
    public SessionAgeLimit? SessionAgeLimit
    {
        get => _sessionAgeLimit;
        set => _sessionAgeLimit = value;
    }
}
