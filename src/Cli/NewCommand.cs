using System;
using System.CommandLine;
using System.IO;

namespace TicketKeys.Cli;

/// <summary><c>ticketkeys new --format F [--out PATH] [--force]</c>: a fresh random key file, written atomically, mode 0600.</summary>
internal static class NewCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format")
        {
            Description = "nginx80 (AES-256, the default) or nginx48 (AES-128, for servers that only read 48-byte files).",
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

    private static int Write(string format, string path, bool force)
    {
        if (!force && Path.Exists(path))
        {
            throw new IOException($"{path}: already exists; pass --force to replace it (tickets under its key will no longer resume)");
        }

        TicketCipher cipher = KeyFileFormat.CipherOf(format);
        using TicketKey key = TicketKey.Generate(TicketKeyWindow.Unbounded, cipher, hmacKeyLength: cipher == TicketCipher.Aes128Cbc ? 16 : 32);
        NginxTicketKeyFile.Write(path, key);
        Console.WriteLine($"wrote {path}: {format}, key name {key.NameHex}, {KeyDescription.Of(key)}, mode 0600");
        return ExitCodes.Success;
    }
}
