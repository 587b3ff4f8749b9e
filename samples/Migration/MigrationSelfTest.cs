using System;
using System.Collections.Generic;
using System.IO;
using TicketKeys;
using TicketKeys.Samples.Tls;

namespace Migration;

/// <summary>
/// Resumes TLS 1.2 and 1.3 sessions in memory through the provider: a full handshake, a resumption, and after a key
/// rotation a resumption that renews the ticket (the step the man page's callback never reaches). Every ticket the
/// client holds must name the ring's encrypting key, which proves the provider, not OpenSSL's built-in keys, sealed it.
/// </summary>
internal static class MigrationSelfTest
{
    public static int Usage(TextWriter errors)
    {
        errors.WriteLine("usage: Migration --self-test   (resumes TLS 1.2 and 1.3 sessions in memory through the provider)");
        return 2;
    }

    /// <summary>0 when every handshake went as expected, else 1.</summary>
    public static int Run(TicketKeyRing ring, Func<nint, TicketKeyAttachment> attach, TextWriter output)
    {
        var failures = new List<string>();
        using ServerCertificate certificate = ServerCertificate.CreateSelfSigned();
        foreach (TlsVersion version in new[] { TlsVersion.Tls12, TlsVersion.Tls13 })
        {
            using ServerContext server = ServerContext.Create(certificate, version);
            using ClientContext client = ClientContext.Create(version);
            using TicketKeyAttachment attachment = attach(server.Handle);
            string shown = version.ToDisplayString();

            using ClientSession? first = Handshake(server, client, null, ring, $"{shown} full handshake", expectResumed: false, failures, output);
            using ClientSession? resumed = Handshake(server, client, first, ring, $"{shown} resumption", expectResumed: true, failures, output);
            string? oldKey = ring.GetEncryptionKey()?.NameHex;
            ring.Rotate();
            using ClientSession? renewed = Handshake(server, client, resumed, ring, $"{shown} resumption after rotation", expectResumed: true, failures, output);
            if (renewed is { HasTicket: true } && renewed.TicketKeyNameHex == oldKey)
            {
                failures.Add($"{shown}: the ticket of the rotated-out key was not renewed");
            }
        }

        if (failures.Count > 0)
        {
            output.WriteLine($"migration self-test FAILED: {string.Join("; ", failures)}");
            return 1;
        }

        output.WriteLine("migration self-test passed: TLS 1.2 and 1.3 sessions resumed and renewed through the provider");
        return 0;
    }

    private static ClientSession? Handshake(
        ServerContext server, ClientContext client, ClientSession? resume, TicketKeyRing ring, string label, bool expectResumed, List<string> failures, TextWriter output)
    {
        if (expectResumed && resume is null)
        {
            failures.Add($"{label}: no session to resume");
            return null;
        }

        HandshakeResult result = MemoryHandshake.Connect(server, client, resume);
        string? ringKey = ring.GetEncryptionKey()?.NameHex;
        string? ticketKey = result.Session is { HasTicket: true } session ? session.TicketKeyNameHex : null;
        string outcome = !result.Completed ? $"failed ({result.Error})" : result.Resumed ? "resumed" : "full";
        output.WriteLine($"{label}: {outcome}, client holds a ticket under {ticketKey ?? "no key"}");
        if (!result.Completed || result.Resumed != expectResumed)
        {
            failures.Add($"{label}: {outcome}");
        }
        else if (ticketKey is null || ticketKey != ringKey)
        {
            failures.Add($"{label}: the ticket is under {ticketKey ?? "no key"}, the provider's ring encrypts with {ringKey ?? "no key"}");
        }

        return result.Session;
    }
}
