using System;

namespace TicketKeys;

/// <summary>What reading one key file gave: its length, or the problem, and whether it is still settling.</summary>
/// <param name="Length">The bytes read into the caller's buffer (meaningful without a problem).</param>
/// <param name="Problem">Why the file cannot be used now, naming it; never key bytes.</param>
/// <param name="SettlesIn">For a file modified too recently, how long until it may be read; zero otherwise.</param>
internal readonly record struct KeyFileRead(int Length, TicketKeyFileException? Problem, TimeSpan SettlesIn)
{
    public static KeyFileRead Failed(TicketKeyFileException problem, TimeSpan settlesIn = default) => new(0, problem, settlesIn);

    /// <summary>The length, or the problem thrown.</summary>
    public int LengthOrThrow() => Problem is null ? Length : throw Problem;
}
