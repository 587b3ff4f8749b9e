using System;

namespace TicketKeys.Cli;

/// <summary>The key file layouts <c>ticketkeys</c> writes and reads, by their command-line names.</summary>
internal static class KeyFileFormat
{
    /// <summary>nginx <c>ssl_session_ticket_key</c>, 80 bytes: name | HMAC-SHA256 key (32) | AES-256 key (32).</summary>
    public const string Nginx80 = "nginx80";

    /// <summary>nginx <c>ssl_session_ticket_key</c>, 48 bytes: name | AES-128 key | HMAC-SHA256 key (16).</summary>
    public const string Nginx48 = "nginx48";

    public static readonly string[] All = [Nginx80, Nginx48];

    /// <summary>The format of a file of <paramref name="length"/> bytes, or null.</summary>
    public static string? OfLength(long length) => length switch
    {
        NginxTicketKeyFile.Aes256FileLength => Nginx80,
        NginxTicketKeyFile.Aes128FileLength => Nginx48,
        _ => null,
    };

    public static TicketCipher CipherOf(string format) => format switch
    {
        Nginx80 => TicketCipher.Aes256Cbc,
        Nginx48 => TicketCipher.Aes128Cbc,
        _ => throw new ArgumentException($"unknown key file format '{format}'", nameof(format)),
    };
}
