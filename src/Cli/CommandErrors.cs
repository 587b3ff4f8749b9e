using System;
using System.IO;

namespace TicketKeys.Cli;

/// <summary>Turns the failures an operator can cause into one line on stderr and an exit code, never a stack trace.</summary>
internal static class CommandErrors
{
    public static int Run(Func<int> command, int exitCodeOnFailure = ExitCodes.BadInput)
    {
        try
        {
            return command();
        }
        catch (Exception exception) when (exception is TicketKeyFileException or IOException or UnauthorizedAccessException or ArgumentException
            or FormatException or OpenSslUnavailableException)
        {
            Console.Error.WriteLine($"ticketkeys: {OneLine(exception)}");
            return exitCodeOnFailure;
        }
    }

    /// <summary>The message without the " (Parameter 'x')" that ArgumentException appends for programmers.</summary>
    private static string OneLine(Exception exception) => exception is ArgumentException { ParamName: { } parameter }
        ? exception.Message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal)
        : exception.Message;
}
