using System;
using System.CommandLine;
using TicketKeys.Cli;

// ticketkeys: one command per operator task. Exit codes: 0 done (or a usable key file), 1 an unusable key file,
// 2 bad input (the message names the file and the problem; never a stack trace).
var root = new RootCommand("Make, inspect and revoke TLS session-ticket key files and fleet key folders.")
{
    NewCommand.Create(),
    InspectCommand.Create(),
    RevokeCommand.Create(),
    RevokeAllCommand.Create(),
};

ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
    {
        Console.Error.WriteLine($"ticketkeys: {error.Message} (see --help)");
    }

    return ExitCodes.BadInput;
}

return parsed.Invoke();
