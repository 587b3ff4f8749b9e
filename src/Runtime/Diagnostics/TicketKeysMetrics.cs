using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace TicketKeys;

/// <summary>
/// The <c>TicketKeys</c> meter. Counts what the ticket callback decided; OpenSSL checks a ticket's HMAC after the
/// callback accepted its key name, so a forged ticket under a valid name is counted as resumed here and then gets a
/// full handshake (and a new ticket, counted as issued).
/// </summary>
public static class TicketKeysMetrics
{
    /// <summary>The meter name to listen to.</summary>
    public const string MeterName = "TicketKeys";

    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly Counter<long> Issued = Meter.CreateCounter<long>(
        "ticketkeys.tickets.issued", "{ticket}", "Tickets encrypted by the ticket callback.");

    private static readonly Counter<long> Resumed = Meter.CreateCounter<long>(
        "ticketkeys.tickets.resumed", "{ticket}", "Presented tickets whose key was accepted and that are kept.");

    private static readonly Counter<long> Renewed = Meter.CreateCounter<long>(
        "ticketkeys.tickets.renewed", "{ticket}", "Presented tickets whose key was accepted and that are replaced by a fresh ticket.");

    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>(
        "ticketkeys.tickets.rejected", "{ticket}", "Presented tickets that led to a full handshake, by reason: unknown_key, expired, revoked, retired_key, weak_key, error.");

    private static readonly Counter<long> NotIssued = Meter.CreateCounter<long>(
        "ticketkeys.tickets.not_issued", "{ticket}", "Tickets not issued, by reason: no_key, weak_key, retired_key, error.");

    private static readonly Counter<long> Rotations = Meter.CreateCounter<long>(
        "ticketkeys.key.rotations", "{rotation}", "Changes of the key that encrypts new tickets.");

    private static readonly Counter<long> SslStreamUnsupported = Meter.CreateCounter<long>(
        "ticketkeys.sslstream.unsupported", "{process}", "The SslStream bridge found it cannot work in this process and stays inert (once per process).");

    private static readonly Counter<long> SslStreamAttached = Meter.CreateCounter<long>(
        "ticketkeys.sslstream.attached", "{context}", "SSL_CTXs behind SslStream that the bridge attached a provider to, by result: attached, failed.");
    private static readonly Counter<long> StoreErrors = Meter.CreateCounter<long>(
        "ticketkeys.store.errors", "{error}", "Key store reads that kept the last good keys, by reason: unavailable, empty, invalid.");

    internal static void TicketIssued() => Count(Issued);

    internal static void TicketResumed() => Count(Resumed);

    internal static void TicketRenewed() => Count(Renewed);

    internal static void TicketRejected(string reason) => Count(Rejected, reason);

    internal static void TicketNotIssued(string reason) => Count(NotIssued, reason);

    internal static void KeyRotated() => Count(Rotations);

    internal static void SslStreamBridgeUnsupported() => Count(SslStreamUnsupported);

    internal static void SslStreamContextAttached(string result) => Count(SslStreamAttached, result);
    internal static void StoreError(string reason) => Count(StoreErrors, reason);

    /// <summary>
    /// Listeners run inside <c>Add</c>: one that throws must neither reach OpenSSL through the callback (that kills the
    /// process) nor interrupt a key swap, so a failed measurement is dropped.
    /// </summary>
    private static void Count(Counter<long> counter, string? reason = null)
    {
        try
        {
            if (reason is null)
            {
                counter.Add(1);
            }
            else
            {
                counter.Add(1, new KeyValuePair<string, object?>("reason", reason));
            }
        }
#pragma warning disable CA1031 // Any listener exception: see above.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
