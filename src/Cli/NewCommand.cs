using System;
using System.CommandLine;
using System.IO;
using System.Linq;

namespace TicketKeys.Cli;

/// <summary><c>ticketkeys new --format F [--out PATH] [--force]</c>: a fresh random key file, written atomically, mode 0600.</summary>
internal static class NewCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format")
        {
            Description = "nginx80 (AES-256, the default), nginx48 (AES-128), haproxy (3 AES-256 keys), apache (AES-128) or openssl (AES-256).",
            DefaultValueFactory = _ => KeyFileFormat.Nginx80,
        };
        format.AcceptOnlyFromAmong(KeyFileFormat.All);
        var output = new Option<string>("--out")
        {
            Description = "Where to write the key file (default: ticket.key in the current folder).",
            DefaultValueFactory = _ => "ticket.key",
        };
        var force = new Option<bool>("--force") { Description = "Replace an existing file." };
        var command = new Command("new", "Write a fresh random ticket key file (atomically, mode 0600).") { format, output, force };
        command.SetAction(result => CommandErrors.Run(() =>
            Write(result.GetValue(format)!, result.GetValue(output)!, result.GetValue(force))));
        return command;
    }

    private static int Write(string formatName, string path, bool force)
    {
        if (!force && Path.Exists(path))
        {
            throw new IOException($"{path}: already exists; pass --force to replace it (tickets under its key will no longer resume)");
        }

        TicketKeyFileFormat format = KeyFileFormat.Parse(formatName);
        TicketCipher cipher = KeyFileFormat.CipherOf(format);
        // HAProxy reads at least 3 lines (previous, encrypting, next): three distinct fresh keys.
        TicketKey[] keys = [.. Enumerable.Range(0, format == TicketKeyFileFormat.HAProxy ? 3 : 1)
            .Select(_ => TicketKey.Generate(TicketKeyWindow.Unbounded, cipher, hmacKeyLength: cipher == TicketCipher.Aes128Cbc ? 16 : 32))];
        try
        {
            TicketKeyFile.Write(path, format, keys);
            Console.WriteLine($"wrote {path}: {formatName}, key name {keys[0].NameHex}, {KeyDescription.Of(keys[0])}, mode 0600");
        }
        finally
        {
            Array.ForEach(keys, key => key.Dispose());
        }

        return ExitCodes.Success;
    }
}
