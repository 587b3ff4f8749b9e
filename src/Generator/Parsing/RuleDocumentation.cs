namespace TicketKeys.Roslyn;

/// <summary>
/// Where the rule pages live. Compiled into the generator (whose unavailable <c>AttachTo</c> links TKP002) and, as a
/// linked file, into the analyzers, so that every help link has one source.
/// </summary>
internal static class RuleDocumentation
{
    public const string HelpLinkBase = "https://github.com/ticketkeys/ticketkeys/blob/main/docs/rules/";
}
