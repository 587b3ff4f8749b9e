using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TicketKeys.Integration.Tests.Sample;
using TicketKeys.Samples.Tls;

namespace TicketKeys.Integration.Tests.Bridge;

/// <summary>What every SslStreamBridgeServer process of one test shares: a certificate (PEM) and an nginx key file.</summary>
internal sealed class BridgeServerFiles : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public BridgeServerFiles()
    {
        using X509Certificate2 certificate = SslStreamServer.CreateCertificate();
        using ECDsa privateKey = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(Certificate, certificate.ExportCertificatePem());
        File.WriteAllText(PrivateKey, privateKey.ExportPkcs8PrivateKeyPem());
        KeyName = _folder.WriteKey("ticket.key");
    }

    public string Certificate => _folder.PathOf("cert.pem");

    public string PrivateKey => _folder.PathOf("key.pem");

    /// <summary>The name (hex) of the ticket key in the key file.</summary>
    public string KeyName { get; }

    public string PathOf(string fileName) => _folder.PathOf(fileName);

    /// <summary>The server's arguments, plus <paramref name="more"/>.</summary>
    public string[] Arguments(params string[] more) =>
        ["--cert", Certificate, "--key", PrivateKey, "--key-file", _folder.PathOf("ticket.key"), .. more];

    public void Dispose() => _folder.Dispose();
}
