using System;
using System.CommandLine;

namespace TicketKeys.Cli;

/// <summary>
/// <c>ticketkeys rotate DIR [--keep N] [--prestage]</c>: for cron on any number of machines sharing a key folder; writes
/// the current interval's key (and the next one's with --prestage) unless present, removes expired keys.
/// </summary>
internal static class RotateCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "The fleet's key folder." };
        var keep = new Option<int?>("--keep") { Description = "Keep at most N started keys, newest first (default: 3, a 36-hour lifetime over 12-hour intervals)." };
        keep.Validators.Add(value =>
        {
            if (value.GetValueOrDefault<int?>() is < 1)
            {
                value.AddError("--keep must be at least 1: the current key is always kept");
            }
        });
        var prestage = new Option<bool>("--prestage") { Description = "Also keep the next interval's key in place, so every server decrypts with it before any encrypts with it." };
        var command = new Command("rotate", "Write the next key of a key folder and remove keys past their lifetime; safe to run from cron on several machines at once.") { folder, keep, prestage };
        command.SetAction(result => CommandErrors.Run(() =>
        {
            string path = result.GetValue(folder)!;
            TicketKeyFolderRotation rotation = TicketKeyDirectory.Rotate(path, keep: result.GetValue(keep), prestage: result.GetValue(prestage));
            foreach (string written in rotation.Written)
            {
                Console.WriteLine($"wrote {written}");
            }

            foreach (string removed in rotation.Removed)
            {
                Console.WriteLine($"removed {removed}");
            }

            if (rotation.Written.Count == 0 && rotation.Removed.Count == 0)
            {
                Console.WriteLine($"{path} is up to date");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
