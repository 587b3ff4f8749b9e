using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TicketKeys.Samples.Tls;

/// <summary>A server certificate (with any chain certificates) and its private key, loaded into OpenSSL.</summary>
public sealed unsafe class ServerCertificate : IDisposable
{
    private readonly nint _certificate;
    private readonly nint[] _chain;
    private readonly nint _privateKey;
    private bool _disposed;

    private ServerCertificate(nint certificate, nint[] chain, nint privateKey)
    {
        _certificate = certificate;
        _chain = chain;
        _privateKey = privateKey;
    }

    /// <summary>Makes a fresh self-signed ECDSA P-256 certificate for <paramref name="host"/>, valid for 30 days.</summary>
    /// <param name="host">A DNS name or an IP address, put in the subject and the subject alternative name.</param>
    public static ServerCertificate CreateSelfSigned(string host = "localhost")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(host);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(host, out IPAddress? address))
        {
            alternativeNames.AddIpAddress(address);
        }
        else
        {
            alternativeNames.AddDnsName(host);
        }

        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));

        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        byte[] privateKey = key.ExportPkcs8PrivateKey();
        try
        {
            return FromDer(certificate.RawData, privateKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>Loads a PEM certificate file (leaf first, then any chain certificates) and its PEM private key file.</summary>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file holds no usable PEM, or the key does not match the certificate.</exception>
    public static ServerCertificate Load(string certPemPath, string keyPemPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(certPemPath);
        ArgumentException.ThrowIfNullOrEmpty(keyPemPath);
        List<nint> certificates = ReadCertificates(certPemPath);
        nint privateKey = 0;
        try
        {
            privateKey = ReadPrivateKey(keyPemPath);
            if (LibCrypto.X509_check_private_key(certificates[0], privateKey) != 1)
            {
                OpenSslErrorQueue.Clear();
                throw new InvalidDataException($"{keyPemPath}: the private key does not match the certificate in {certPemPath}.");
            }

            return new ServerCertificate(certificates[0], certificates.GetRange(1, certificates.Count - 1).ToArray(), privateKey);
        }
        catch
        {
            certificates.ForEach(LibCrypto.X509_free);
            LibCrypto.EVP_PKEY_free(privateKey);
            throw;
        }
    }

    /// <summary>Frees the OpenSSL objects; contexts that use the certificate keep their own references.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        LibCrypto.X509_free(_certificate);
        foreach (nint certificate in _chain)
        {
            LibCrypto.X509_free(certificate);
        }

        LibCrypto.EVP_PKEY_free(_privateKey);
    }

    /// <summary>Installs the certificate, chain and key on a context (which takes its own references).</summary>
    internal void ApplyTo(nint context)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (LibSsl.SSL_CTX_use_certificate(context, _certificate) != 1)
        {
            throw TlsSetupException.FromErrorQueue("SSL_CTX_use_certificate");
        }

        foreach (nint certificate in _chain)
        {
            // SSL_CTX_add1_chain_cert: a macro over SSL_CTX_ctrl; "add1" takes its own reference.
            if (LibSsl.SSL_CTX_ctrl(context, LibSsl.CtrlChainCert, new(1), certificate).Value != 1)
            {
                throw TlsSetupException.FromErrorQueue("SSL_CTX_add1_chain_cert");
            }
        }

        if (LibSsl.SSL_CTX_use_PrivateKey(context, _privateKey) != 1 || LibSsl.SSL_CTX_check_private_key(context) != 1)
        {
            throw TlsSetupException.FromErrorQueue("SSL_CTX_use_PrivateKey");
        }
    }

    private static ServerCertificate FromDer(ReadOnlySpan<byte> certificateDer, ReadOnlySpan<byte> privateKeyDer)
    {
        OpenSslErrorQueue.Clear();
        nint certificate;
        nint privateKey;
        fixed (byte* certificateBytes = certificateDer)
        fixed (byte* keyBytes = privateKeyDer)
        {
            byte* cursor = certificateBytes;
            certificate = LibCrypto.d2i_X509(0, ref cursor, new(certificateDer.Length));
            cursor = keyBytes;
            privateKey = LibCrypto.d2i_AutoPrivateKey(0, ref cursor, new(privateKeyDer.Length));
        }

        if (certificate == 0 || privateKey == 0)
        {
            LibCrypto.X509_free(certificate);
            LibCrypto.EVP_PKEY_free(privateKey);
            throw TlsSetupException.FromErrorQueue("Loading the self-signed certificate into OpenSSL");
        }

        return new ServerCertificate(certificate, [], privateKey);
    }

    private static List<nint> ReadCertificates(string path)
    {
        byte[] pem = File.ReadAllBytes(path);
        var certificates = new List<nint>();
        OpenSslErrorQueue.Clear();
        WithMemoryBio(pem, bio =>
        {
            for (nint certificate = LibCrypto.PEM_read_bio_X509(bio, 0, 0, 0); certificate != 0; certificate = LibCrypto.PEM_read_bio_X509(bio, 0, 0, 0))
            {
                certificates.Add(certificate);
            }
        });

        // The read that ends the loop always queues "no start line".
        OpenSslErrorQueue.Clear();
        return certificates.Count > 0
            ? certificates
            : throw new InvalidDataException($"{path}: no PEM certificate (-----BEGIN CERTIFICATE-----) found in {pem.Length} bytes.");
    }

    private static nint ReadPrivateKey(string path)
    {
        byte[] pem = File.ReadAllBytes(path);
        try
        {
            OpenSslErrorQueue.Clear();
            nint privateKey = 0;
            WithMemoryBio(pem, bio => privateKey = LibCrypto.PEM_read_bio_PrivateKey(bio, 0, 0, 0));
            if (privateKey == 0)
            {
                string reason = OpenSslErrorQueue.Drain() ?? "no reason given";
                throw new InvalidDataException($"{path}: no unencrypted PEM private key found in {pem.Length} bytes ({reason}).");
            }

            return privateKey;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pem);
        }
    }

    private static void WithMemoryBio(byte[] contents, Action<nint> read)
    {
        fixed (byte* bytes = contents)
        {
            nint bio = LibCrypto.BIO_new_mem_buf(bytes, contents.Length);
            if (bio == 0)
            {
                throw TlsSetupException.FromErrorQueue("BIO_new_mem_buf");
            }

            try
            {
                read(bio);
            }
            finally
            {
                LibCrypto.BIO_free(bio);
            }
        }
    }
}
