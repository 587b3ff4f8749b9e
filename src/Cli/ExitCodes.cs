namespace TicketKeys.Cli;

/// <summary>What <c>ticketkeys</c> exits with; scripts branch on these.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary><c>inspect</c>: the file is not a usable key file (the reason is on stderr).</summary>
    public const int Unusable = 1;

    /// <summary><c>inspect-ticket</c>: these keys would not resume the session (the reason is on the verdict line).</summary>
    public const int WouldNotResume = 1;

    /// <summary>Bad options, or a file or folder that cannot be read or written (named on stderr).</summary>
    public const int BadInput = 2;
}
