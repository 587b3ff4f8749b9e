namespace TicketKeys.Integration.Tests.Sample;

/// <summary>How a child process ended: its exit code (null when it had to be killed) and what it printed.</summary>
internal sealed record ProcessOutcome(int? ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit code {ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (killed after the timeout)"}\nstdout:\n{Output}\nstderr:\n{Errors}";
}
