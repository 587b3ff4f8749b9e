using System;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TicketKeys.Callback;
using TicketKeys.Interop;

namespace TicketKeys;

/// <summary>
/// Opens a ticket sealed through OpenSSL's ticket-key callback, as a server holding the key would: the layout OpenSSL
/// writes and reads for every server that sets keys (TicketKeys, nginx, HAProxy, Apache httpd) is key name (16 bytes) |
/// IV (16) | AES-CBC ciphertext of the DER session | HMAC-SHA256 (32) of everything before it (OpenSSL
/// <c>ssl/statem/statem_srvr.c</c>, <c>construct_stateless_ticket</c>; <c>ssl/t1_lib.c</c>, <c>tls_decrypt_ticket</c>).
/// </summary>
public static class SessionTicket
{
    /// <summary>The IV's length (AES-CBC).</summary>
    public const int IvLength = TicketCrypto.IvLength;

    /// <summary>The HMAC-SHA256 tag's length.</summary>
    public const int MacLength = 32;

    /// <summary>The shortest sealed ticket: key name, IV, one cipher block and the tag.</summary>
    public const int MinimumLength = TicketKey.NameLength + IvLength + 16 + MacLength;

    /// <summary>
    /// Checks the ticket's HMAC under <paramref name="key"/> (in constant time), decrypts it and reads the session
    /// inside. The decrypted session, which holds its master key, is zeroed before this returns and never leaves it.
    /// </summary>
    /// <param name="ticket">The ticket, as a client presents it.</param>
    /// <param name="key">The key to open it with.</param>
    /// <exception cref="ObjectDisposedException">The key is disposed.</exception>
    public static unsafe SessionTicketOpening Open(ReadOnlySpan<byte> ticket, TicketKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (ticket.Length < MinimumLength)
        {
            return new SessionTicketOpening(SessionTicketStatus.TooShort);
        }

        if (!key.HasName(ticket[..TicketKey.NameLength]))
        {
            return new SessionTicketOpening(SessionTicketStatus.OtherKeyName);
        }

        ObjectDisposedException.ThrowIf(!key.TryAcquire(), key);
        try
        {
            Span<byte> mac = stackalloc byte[MacLength];
            HMACSHA256.HashData(new ReadOnlySpan<byte>(key.HmacKey, key.HmacKeyLength), ticket[..^MacLength], mac);
            if (!CryptographicOperations.FixedTimeEquals(mac, ticket[^MacLength..]))
            {
                return new SessionTicketOpening(SessionTicketStatus.HmacMismatch);
            }

            return Decrypt(key, ticket[TicketKey.NameLength..^MacLength]);
        }
        finally
        {
            key.Release();
        }
    }

    /// <summary>AES-CBC through OpenSSL, so that the AES key is read where it lives (native memory) and copied nowhere.</summary>
    private static unsafe SessionTicketOpening Decrypt(TicketKey key, ReadOnlySpan<byte> ivAndCiphertext)
    {
        ReadOnlySpan<byte> ciphertext = ivAndCiphertext[IvLength..];
        OpenSslLibrary.EnsureLoaded();
        nint context = LibCrypto.CipherContextNew();
        // The plaintext is the session with its master key: native memory, zeroed before it is freed.
        byte* plaintext = (byte*)NativeMemory.AllocZeroed((nuint)(ciphertext.Length + 16));
        try
        {
            if (context == 0)
            {
                throw new CryptographicException($"EVP_CIPHER_CTX_new failed: {OpenSslError.Drain()}");
            }

            int written;
            int last;
            fixed (byte* iv = ivAndCiphertext)
            fixed (byte* input = ciphertext)
            {
                if (LibCrypto.DecryptInit(context, TicketCrypto.CipherOf(key), 0, key.AesKey, iv) != 1
                    || LibCrypto.DecryptUpdate(context, plaintext, &written, input, ciphertext.Length) != 1)
                {
                    throw new CryptographicException($"AES-CBC set-up failed: {OpenSslError.Drain()}");
                }

                if (LibCrypto.DecryptFinal(context, plaintext + written, &last) != 1)
                {
                    LibCrypto.ClearError();
                    return new SessionTicketOpening(SessionTicketStatus.DecryptionFailed);
                }
            }

            TlsSessionSummary? session = TlsSessionSummary.FromDer(new ReadOnlySpan<byte>(plaintext, written + last));
            LibCrypto.ClearError();
            return session is null
                ? new SessionTicketOpening(SessionTicketStatus.SessionUnreadable)
                : new SessionTicketOpening(SessionTicketStatus.Opened, session);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(new Span<byte>(plaintext, ciphertext.Length + 16));
            NativeMemory.Free(plaintext);
            LibCrypto.CipherContextFree(context);
        }
    }
}
