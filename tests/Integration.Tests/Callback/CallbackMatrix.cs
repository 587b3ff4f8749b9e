using System.Collections.Generic;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Callback;

/// <summary>Every callback test runs for TLS 1.2 and 1.3, through the EVP and the legacy registration.</summary>
public static class CallbackMatrix
{
    public static TheoryData<TlsVersion, TicketCallbackApi> All => new()
    {
        { TlsVersion.Tls12, TicketCallbackApi.Evp },
        { TlsVersion.Tls12, TicketCallbackApi.Legacy },
        { TlsVersion.Tls13, TicketCallbackApi.Evp },
        { TlsVersion.Tls13, TicketCallbackApi.Legacy },
    };

    public static IEnumerable<TicketCallbackApi> Apis => [TicketCallbackApi.Evp, TicketCallbackApi.Legacy];
}
