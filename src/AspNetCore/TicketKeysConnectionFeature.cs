using System.Net.Security;

namespace TicketKeys.AspNetCore;

/// <summary>One connection's answer, read from its <c>SSL*</c> when first asked (the steady path allocates only this object).</summary>
internal sealed class TicketKeysConnectionFeature(SslStream stream, bool fleetKeys) : ITicketKeysConnectionFeature
{
    private SslStreamResumption? _resumption;

    public bool Resumed => Resumption.IsResumed;

    public string? ResumedKeyNameHex => Resumption.KeyNameHex;

    public bool FleetKeys { get; } = fleetKeys;

    private SslStreamResumption Resumption => _resumption ??= SslStreamTicketKeys.GetResumption(stream);
}
