using System;
using System.CommandLine;
using System.CommandLine.Help;
using TicketKeys.Cli;

// ticketkeys: one command per operator task. Exit codes: 0 done (or a usable key file, or a ticket these keys resume),
// 1 an unusable key file (or a ticket these keys would not resume),
// 2 bad input (the message names the file and the problem; never a stack trace).
// Named explicitly: help shows "ticketkeys", whatever the assembly (TicketKeys.Cli: an assembly named "ticketkeys"
// would collide with the runtime's "TicketKeys", as assembly names ignore case).
var root = new Command("ticketkeys", "Make, inspect, convert, rotate and revoke TLS session-ticket key files and fleet key folders; check which key sealed a saved session's ticket.")
{
    new HelpOption(),
    new VersionOption(),
    NewCommand.Create(),
    InspectCommand.Create(),
    InspectTicketCommand.Create(),
    ConvertCommand.Create(),
    RotateCommand.Create(),
    RevokeCommand.Create(),
    RevokeAllCommand.Create(),
};

ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
    {
        // One line per problem: the parser's lists of allowed values come on several lines.
        string message = string.Join(' ', error.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Console.Error.WriteLine($"ticketkeys: {message} (see --help)");
    }

    return ExitCodes.BadInput;
}

return parsed.Invoke();
