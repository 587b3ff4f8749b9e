using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TicketKeys.Integration.Tests.Kestrel;

/// <summary>A self-signed certificate for localhost written as PEM files, shared by the servers of one test fleet.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class CertificateFiles
{
    /// <summary>Writes <c>cert.pem</c> and <c>key.pem</c> (mode 0600) into <paramref name="folder"/>; returns their paths.</summary>
    public static (string Certificate, string Key) Write(string folder)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(2));
        string certificatePath = Path.Combine(folder, "cert.pem");
        string keyPath = Path.Combine(folder, "key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (certificatePath, keyPath);
    }
}
