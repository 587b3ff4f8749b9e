using System;
using TicketKeys.Samples.Tls;

namespace TicketKeys.Integration.Tests.Callback;

/// <summary>One self-signed certificate for all callback tests (key generation is the slow part).</summary>
public sealed class CertificateFixture : IDisposable
{
    public ServerCertificate Certificate { get; } = ServerCertificate.CreateSelfSigned();

    public void Dispose() => Certificate.Dispose();
}
