namespace TicketKeys.Samples.Tls;

/// <summary>Display names for <see cref="TlsVersion"/>, as OpenSSL prints them.</summary>
public static class TlsVersionExtensions
{
    /// <summary>"TLSv1.2" or "TLSv1.3".</summary>
    public static string ToDisplayString(this TlsVersion version) => version switch
    {
        TlsVersion.Tls12 => "TLSv1.2",
        TlsVersion.Tls13 => "TLSv1.3",
        _ => $"TLS 0x{(int)version:X4}",
    };
}
