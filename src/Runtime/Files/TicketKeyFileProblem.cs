namespace TicketKeys;

/// <summary>A file (or the folder itself) that a <see cref="TicketKeyDirectory"/> scan could not use.</summary>
/// <param name="Path">The file or folder at fault.</param>
/// <param name="Message">What is wrong and what the scan did about it; never key bytes.</param>
public sealed record TicketKeyFileProblem(string Path, string Message);
