using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KestrelFleet;

/// <summary>The server's certificate: from PEM files, or self-signed for localhost when none is given.</summary>
internal static class ServerCertificates
{
    /// <exception cref="CryptographicException">A file is missing or holds no usable PEM, or the key does not match.</exception>
    public static X509Certificate2 Load(FleetOptions options) =>
        options.CertificatePath is { } certificate && options.PrivateKeyPath is { } key
            ? X509Certificate2.CreateFromPemFile(certificate, key)
            : CreateSelfSigned();

    private static X509Certificate2 CreateSelfSigned()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        alternativeNames.AddDnsName("localhost");
        alternativeNames.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 ephemeral = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        // Through PKCS#12, so that the private key is a persisted one, as Kestrel expects of a loaded certificate.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }
}
