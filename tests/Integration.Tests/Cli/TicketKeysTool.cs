using System;
using System.IO;
using TicketKeys.Integration.Tests.Support;

namespace TicketKeys.Integration.Tests.Cli;

/// <summary>The built <c>ticketkeys</c> tool (copied next to the tests, which reference its project), run as a user would.</summary>
internal static class TicketKeysTool
{
    public static (int ExitCode, string Output) Run(string workingDirectory, params string[] arguments) =>
        ToolProcess.Run("dotnet", workingDirectory, [Path.Combine(AppContext.BaseDirectory, "TicketKeys.Cli.dll"), .. arguments]);
}
