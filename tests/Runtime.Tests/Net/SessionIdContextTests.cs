using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TicketKeys.Net;
using Xunit;

namespace TicketKeys.Tests.Net;

public sealed class SessionIdContextTests : IDisposable
{
    private const int NoClientCertificate = 0;
    private const int ClientCertificateRequested = 1; // SSL_VERIFY_PEER

    private readonly X509Certificate2 _certificate = CreateCertificate();
    private readonly X509Certificate2 _otherCertificate = CreateCertificate();

    [Fact]
    public void The_same_endpoint_gives_the_same_32_bytes_in_every_process()
    {
        // A second instance of the same certificate, as another process would load it from the same files.
        using X509Certificate2 reloaded = X509CertificateLoader.LoadPkcs12(_certificate.Export(X509ContentType.Pkcs12), password: null);

        byte[] first = SessionIdContext.Derive(_certificate, NoClientCertificate, "shop");
        byte[] second = SessionIdContext.Derive(reloaded, NoClientCertificate, "shop");

        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_certificate_key_a_client_certificate_requirement_or_an_operator_string_changes_it()
    {
        byte[] endpoint = SessionIdContext.Derive(_certificate, NoClientCertificate, null);

        Assert.NotEqual(endpoint, SessionIdContext.Derive(_otherCertificate, NoClientCertificate, null));
        Assert.NotEqual(endpoint, SessionIdContext.Derive(_certificate, ClientCertificateRequested, null));
        Assert.NotEqual(endpoint, SessionIdContext.Derive(_certificate, NoClientCertificate, "admin"));
    }

    [Fact]
    public void Fields_are_length_prefixed_so_shifting_bytes_between_them_changes_it()
    {
        Assert.NotEqual(
            SessionIdContext.Derive(null, NoClientCertificate, "ab"),
            SessionIdContext.Derive(null, NoClientCertificate, "a\0b"));
        Assert.Equal(SessionIdContext.Derive(null, NoClientCertificate, null), SessionIdContext.Derive(null, NoClientCertificate, string.Empty));
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _otherCertificate.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
