using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using TicketKeys.Interop;

namespace TicketKeys.Net;

/// <summary>
/// The session id context the bridge sets on every <c>SSL_CTX</c> it attaches to. OpenSSL resumes a session only in the
/// context it was made in, and .NET's value differs between processes, so without a shared one a fleet never resumes
/// another process's sessions. The value is SHA-256 over a fixed label, the server certificate's public key
/// (SubjectPublicKeyInfo), the connection's client-certificate verify mode, and the operator's optional string: equal
/// across processes that serve the same endpoint the same way, different where the security settings differ (an
/// endpoint that requires client certificates never resumes a session made where none was required, as long as the two
/// have separate <c>SSL_CTX</c>s: .NET shares one between endpoints with the same certificate chain, protocols and ALPN
/// use whatever their client-certificate requirement, and then the attaching connection's verify mode counts).
/// </summary>
internal static class SessionIdContext
{
    private static readonly byte[] Label = "TicketKeys SslStream session id context v1"u8.ToArray();

    /// <summary>The 32-byte value for a server with <paramref name="certificate"/> and <paramref name="verifyMode"/>.</summary>
    public static byte[] Derive(X509Certificate? certificate, int verifyMode, string? operatorValue)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendField(hash, Label);
        AppendField(hash, PublicKey(certificate));
        Span<byte> mode = stackalloc byte[sizeof(int)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(mode, verifyMode);
        AppendField(hash, mode);
        AppendField(hash, Encoding.UTF8.GetBytes(operatorValue ?? string.Empty));
        return hash.GetHashAndReset();
    }

    /// <summary>Sets <paramref name="value"/> on <paramref name="sslContext"/>; false when OpenSSL refuses.</summary>
    public static unsafe bool Apply(nint sslContext, ReadOnlySpan<byte> value)
    {
        if (value.Length > LibSsl.MaxSessionIdContextLength)
        {
            throw new ArgumentException($"A session id context is at most {LibSsl.MaxSessionIdContextLength} bytes; got {value.Length} bytes.", nameof(value));
        }

        fixed (byte* bytes = value)
        {
            return LibSsl.SetSessionIdContext(sslContext, bytes, (uint)value.Length) == 1;
        }
    }

    private static byte[] PublicKey(X509Certificate? certificate) => certificate switch
    {
        X509Certificate2 full => full.PublicKey.ExportSubjectPublicKeyInfo(),
        null => [],
        _ => [.. Encoding.UTF8.GetBytes(certificate.GetKeyAlgorithm()), .. certificate.GetPublicKey()],
    };

    /// <summary>Length-prefixed, so that no two different inputs hash the same bytes.</summary>
    private static void AppendField(IncrementalHash hash, ReadOnlySpan<byte> field)
    {
        Span<byte> length = stackalloc byte[sizeof(int)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, field.Length);
        hash.AppendData(length);
        hash.AppendData(field);
    }
}
