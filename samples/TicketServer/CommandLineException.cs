using System;

namespace TicketServer;

/// <summary>The command line is wrong; the message says what and is shown as is.</summary>
internal sealed class CommandLineException : Exception
{
    public CommandLineException()
    {
    }

    public CommandLineException(string message)
        : base(message)
    {
    }

    public CommandLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
