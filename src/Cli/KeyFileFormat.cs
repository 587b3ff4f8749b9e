using System;
using System.Linq;

namespace TicketKeys.Cli;

/// <summary>The key file layouts <c>ticketkeys</c> writes and reads, by their command-line names.</summary>
internal static class KeyFileFormat
{
    private static readonly (string Name, TicketKeyFileFormat Format)[] Names =
    [
        ("nginx80", TicketKeyFileFormat.Nginx80),
        ("nginx48", TicketKeyFileFormat.Nginx48),
        ("haproxy", TicketKeyFileFormat.HAProxy),
        ("apache", TicketKeyFileFormat.Apache),
        ("openssl", TicketKeyFileFormat.OpenSsl),
    ];

    public const string Nginx80 = "nginx80";

    public static readonly string[] All = [.. Names.Select(entry => entry.Name)];

    public static TicketKeyFileFormat Parse(string name) =>
        Names.FirstOrDefault(entry => entry.Name == name) is { Name: not null } entry
            ? entry.Format
            : throw new ArgumentException($"unknown key file format '{name}' (expected {string.Join(", ", All)})");

    public static string NameOf(TicketKeyFileFormat format) => Names.First(entry => entry.Format == format).Name;

    /// <summary>The cipher of a fresh key for the format: AES-256 unless the format only holds AES-128.</summary>
    public static TicketCipher CipherOf(TicketKeyFileFormat format) =>
        format is TicketKeyFileFormat.Nginx48 or TicketKeyFileFormat.Apache ? TicketCipher.Aes128Cbc : TicketCipher.Aes256Cbc;
}
