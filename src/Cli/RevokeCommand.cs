using System;
using System.Collections.Generic;
using System.CommandLine;

namespace TicketKeys.Cli;

/// <summary>
/// <c>ticketkeys revoke DIR KEYNAME</c>: removes (zeroes, then deletes) every file of a fleet key folder that holds the
/// named key; servers following the folder drop it at their next scan.
/// </summary>
internal static class RevokeCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "The fleet's key folder." };
        var name = new Argument<string>("KEYNAME") { Description = "The key's name: 32 hex digits, as 'inspect' and the servers' logs show it." };
        var command = new Command("revoke", "Revoke one key of a key folder (after a suspected compromise of that key).") { folder, name };
        command.SetAction(result => CommandErrors.Run(() => Revoke(result.GetValue(folder)!, result.GetValue(name)!)));
        return command;
    }

    private static int Revoke(string folder, string keyNameHex)
    {
        byte[] keyName;
        try
        {
            keyName = Convert.FromHexString(keyNameHex);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"'{keyNameHex}' is not a key name: write its 16 bytes as 32 hex digits");
        }

        IReadOnlyList<string> removed = TicketKeyDirectory.RevokeKeyFiles(folder, keyName);
        if (removed.Count == 0)
        {
            Console.WriteLine($"no file in {folder} holds key {keyNameHex.ToUpperInvariant()} (already revoked?)");
        }

        foreach (string path in removed)
        {
            Console.WriteLine($"revoked {path}");
        }

        return ExitCodes.Success;
    }
}
