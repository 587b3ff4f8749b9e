namespace TicketKeys.Samples.Tls;

/// <summary>Limits an <c>SSL_CTX</c> to TLS 1.2 and 1.3, or to one of them.</summary>
internal static class ProtocolVersions
{
    internal static void Apply(nint context, TlsVersion? onlyVersion)
    {
        int lowest = (int)(onlyVersion ?? TlsVersion.Tls12);
        int highest = (int)(onlyVersion ?? TlsVersion.Tls13);
        if (LibSsl.SSL_CTX_ctrl(context, LibSsl.CtrlSetMinProtoVersion, new(lowest), 0).Value != 1
            || LibSsl.SSL_CTX_ctrl(context, LibSsl.CtrlSetMaxProtoVersion, new(highest), 0).Value != 1)
        {
            throw TlsSetupException.FromErrorQueue($"Limiting the TLS versions to {onlyVersion?.ToString() ?? "Tls12..Tls13"}");
        }
    }
}
