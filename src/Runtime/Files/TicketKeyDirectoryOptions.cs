using System;

namespace TicketKeys;

/// <summary>How a <see cref="TicketKeyDirectory"/> reads its folder. Values are read once, by <see cref="TicketKeyDirectory.Open"/>.</summary>
public sealed class TicketKeyDirectoryOptions
{
    /// <summary>
    /// How often the folder is scanned even without file-system events, which network shares and secret mounts often
    /// do not send. 30 seconds by default; must be positive.
    /// </summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after the timestamp in its file name a key is accepted. 7 days
    /// (<see cref="TicketKeyRotationPolicy.MaxKeyLifetime"/>) by default; must be positive and at most 7 days.
    /// </summary>
    public TimeSpan KeyLifetime { get; set; } = TicketKeyRotationPolicy.MaxKeyLifetime;

    /// <summary>
    /// How long to wait after a file-system event before scanning, so that the burst of events of one copy or rename
    /// gives one scan. 250 milliseconds by default; must not be negative.
    /// </summary>
    public TimeSpan ChangeDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long ago a key file must have been last modified (by the system clock) before it is read, so that a file
    /// caught while it is written (an 80-byte file with only 48 bytes written would parse as a valid AES-128 key with
    /// the wrong layout) is never used; a file whose size changes while it is read is refused too. A file too young is
    /// read once it has settled; meanwhile the key last read from it stays in force. 2 seconds by default; zero turns
    /// the check off (for writers that rename complete files into place, as <see cref="NginxTicketKeyFile.Write"/> does).
    /// </summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether key files readable or writable by group or others, and a folder writable by them, are refused
    /// (<see cref="KeyFilePermissions.Enforce"/>, the default; the error says how to fix the mode).
    /// </summary>
    public KeyFilePermissions Permissions { get; set; } = KeyFilePermissions.Enforce;

    /// <summary>
    /// Called once for each problem when a scan first finds it (a file skipped, or the folder unusable); the problems
    /// of the latest scan stay in <see cref="TicketKeyDirectory.Errors"/>. Runs on the scanning thread, often a timer
    /// thread: an exception it throws is swallowed (the problem stays in <see cref="TicketKeyDirectory.Errors"/>).
    /// </summary>
    public Action<TicketKeyFileProblem>? Rejected { get; set; }
}
