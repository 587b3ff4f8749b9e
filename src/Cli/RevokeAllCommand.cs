using System;
using System.CommandLine;

namespace TicketKeys.Cli;

/// <summary>
/// <c>ticketkeys revoke-all DIR</c>: after a compromise of the folder, writes one new key and removes every other key
/// file; every ticket issued before gets a full handshake.
/// </summary>
internal static class RevokeAllCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "The fleet's key folder." };
        var command = new Command("revoke-all", "Write a new key and revoke every other key of a key folder (after a compromise).") { folder };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            string fresh = TicketKeyDirectory.RotateAndRevokeAll(result.GetValue(folder)!);
            Console.WriteLine($"wrote {fresh}; every other key file of the folder is revoked");
            return ExitCodes.Success;
        }));
        return command;
    }
}
