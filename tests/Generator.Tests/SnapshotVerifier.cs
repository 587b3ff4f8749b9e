using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace TicketKeys.Generator.Tests;

/// <summary>
/// Verify-style snapshots kept as checked-in <c>Snapshots/NAME.verified.cs</c> files. A mismatch writes
/// <c>NAME.received.cs</c> beside it and fails; <c>TICKETKEYS_ACCEPT_SNAPSHOTS=1</c> accepts the received text; a missing
/// snapshot fails under <c>CI=true</c> and is created otherwise (then reviewed and committed).
/// </summary>
internal static class SnapshotVerifier
{
    public static void Verify(string actual, string name, [CallerFilePath] string callerPath = "")
    {
        string folder = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        string verifiedPath = Path.Combine(folder, name + ".verified.cs");
        string receivedPath = Path.Combine(folder, name + ".received.cs");
        string received = Normalize(actual);

        bool accept = Environment.GetEnvironmentVariable("TICKETKEYS_ACCEPT_SNAPSHOTS") == "1";
        if (!File.Exists(verifiedPath))
        {
            Assert.False(
                string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                $"Snapshot {verifiedPath} is missing; run the tests locally and commit it.");
            Directory.CreateDirectory(folder);
            File.WriteAllText(verifiedPath, received);
            return;
        }

        string verified = Normalize(File.ReadAllText(verifiedPath));
        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }

        if (accept)
        {
            File.WriteAllText(verifiedPath, received);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail($"Generated source differs from {verifiedPath}; see {receivedPath} (set TICKETKEYS_ACCEPT_SNAPSHOTS=1 to accept).");
    }

    private static string Normalize(string text) => text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
}
