using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;

namespace TicketKeys.Cli;

/// <summary>
/// <c>ticketkeys convert IN OUT --from F --to G [--force]</c>: the same key in another server's layout, written
/// atomically with mode 0600; a layout that would weaken the key or cannot hold it is refused.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "The key file to read." };
        var output = new Argument<string>("OUT") { Description = "The key file to write." };
        var from = new Option<string?>("--from") { Description = "IN's layout (default: nginx48/nginx80 by size, haproxy by content)." };
        from.AcceptOnlyFromAmong(KeyFileFormat.All);
        var to = new Option<string>("--to") { Description = "OUT's layout.", Required = true };
        to.AcceptOnlyFromAmong(KeyFileFormat.All);
        var force = new Option<bool>("--force") { Description = "Replace an existing OUT." };
        var command = new Command("convert", "Write a key file's keys in another server's layout (atomically, mode 0600).") { input, output, from, to, force };
        command.SetAction(result => CommandErrors.Run(() => Convert(
            result.GetValue(input)!, result.GetValue(output)!, result.GetValue(from), result.GetValue(to)!, result.GetValue(force))));
        return command;
    }

    private static int Convert(string inputPath, string outputPath, string? fromName, string toName, bool force)
    {
        if (!force && Path.Exists(outputPath))
        {
            throw new IOException($"{outputPath}: already exists; pass --force to replace it");
        }

        TicketKeyFileFormat from = fromName is null ? TicketKeyFile.Detect(inputPath) : KeyFileFormat.Parse(fromName);
        TicketKeyFileFormat to = KeyFileFormat.Parse(toName);
        IReadOnlyList<TicketKey> keys = TicketKeyFile.Read(inputPath, from);
        try
        {
            // One-key layouts take the key the source server encrypts with; its decrypt-only keys have no place there.
            bool oneKey = to != TicketKeyFileFormat.HAProxy;
            TicketKeyFile.Write(outputPath, to, oneKey ? [keys[0]] : keys);
            Console.WriteLine($"wrote {outputPath}: {toName} from {inputPath} ({KeyFileFormat.NameOf(from)}), key name {keys[0].NameHex}, {KeyDescription.Of(keys[0])}, mode 0600");
            if (oneKey && keys.Count > 1)
            {
                Console.WriteLine($"not carried over: {keys.Count - 1} decrypt-only key(s) of {inputPath}, which {toName} cannot hold");
            }
        }
        finally
        {
            foreach (TicketKey key in keys)
            {
                key.Dispose();
            }
        }

        return ExitCodes.Success;
    }
}
