using System;
using System.Net.Security;

namespace TicketKeys.AspNetCore;

/// <summary>One connection's answer, read from its <c>SSL*</c> when first asked (the steady path allocates only this object).</summary>
internal sealed class TicketKeysConnectionFeature(SslStream stream, bool fleetKeys) : ITicketKeysConnectionFeature
{
    private SslStreamResumption? _resumption;

    public bool Resumed => Resumption.IsResumed;

    public string? ResumedKeyNameHex => Resumption.KeyNameHex;

    public bool FleetKeys { get; } = fleetKeys;

    private SslStreamResumption Resumption => _resumption ??= Read(stream);

    private static SslStreamResumption Read(SslStream stream)
    {
        try
        {
            return SslStreamTicketKeys.GetResumption(stream);
        }
#pragma warning disable CA1031 // The bridge promises not to throw; should it, the request must not fail for a diagnostic answer.
        catch (Exception)
#pragma warning restore CA1031
        {
            return default;
        }
    }
}
