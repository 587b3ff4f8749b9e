using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using TicketKeys;
using TicketKeys.Samples.Tls;

namespace TicketServer;

/// <summary>
/// Serves on a loopback socket and connects to itself: a full handshake, resumptions, a key rotation and a tampered
/// ticket, per TLS version. Every ticket the client ends up holding must name the ring's encrypting key, which proves
/// the provider (not OpenSSL's built-in keys) issued it.
/// </summary>
internal sealed class SelfTest : IDisposable
{
    private const string RowFormat = "{0,-8} {1,-24} {2,-9} {3,-10} {4,-10} {5,-8} {6}";

    private readonly TicketKeyRing _ring;
    private readonly TlsServer _server;
    private readonly TextWriter _output;
    private readonly List<ClientSession> _sessions = [];
    private readonly List<string> _failures = [];
    private int _connections;

    private SelfTest(TicketKeyRing ring, TlsServer server, TextWriter output)
    {
        _ring = ring;
        _server = server;
        _output = output;
    }

    /// <summary>Runs the self-test; 0 when every connection went as expected, else 1.</summary>
    public static int Run(ServerContext context, TicketKeyRing ring, TlsVersion? onlyVersion, TextWriter output)
    {
        using TlsServer server = TlsServer.Start(new IPEndPoint(IPAddress.Loopback, 0), context);
        using var test = new SelfTest(ring, server, output);
        output.WriteLine($"self-test against {server.LocalEndPoint}");
        output.WriteLine(RowFormat, "TLS", "connection", "handshake", "ticket in", "ticket out", "renewed", "check");
        foreach (TlsVersion version in onlyVersion is { } only ? [only] : new[] { TlsVersion.Tls12, TlsVersion.Tls13 })
        {
            test.RunVersion(version);
        }

        return test.Finish();
    }

    public void Dispose() => _sessions.ForEach(session => session.Dispose());

    private void RunVersion(TlsVersion version)
    {
        using ClientContext client = ClientContext.Create(version);

        // TLS 1.2 keeps a ticket whose key still encrypts; TLS 1.3 resumptions are renewed (the provider's default).
        bool renewsEveryResumption = version == TlsVersion.Tls13;
        ClientSession? first = Connect(client, version, "first connection", null, expectResumed: false, expectNewTicket: true);
        ClientSession? resumed = Connect(client, version, "resume", first, expectResumed: true, expectNewTicket: renewsEveryResumption);

        _ring.Rotate();
        _output.WriteLine(RowFormat, version.ToDisplayString(), "(ring rotated)", string.Empty, string.Empty, Short(_ring.GetEncryptionKey()?.NameHex), string.Empty, "new encrypting key");

        ClientSession? renewed = Connect(client, version, "resume under old key", resumed, expectResumed: true, expectNewTicket: true);
        ClientSession? current = Connect(client, version, "resume under new key", renewed, expectResumed: true, expectNewTicket: renewsEveryResumption);
        if (current is not null)
        {
            current.FlipTicketByte(current.Ticket.Length - 1);
        }

        Connect(client, version, "tampered ticket (HMAC)", current, expectResumed: false, expectNewTicket: true);
    }

    private ClientSession? Connect(ClientContext client, TlsVersion version, string label, ClientSession? resume, bool expectResumed, bool expectNewTicket)
    {
        string shownVersion = version.ToDisplayString();
        if (resume is null && expectResumed)
        {
            Fail(shownVersion, label, "skipped: the previous connection left no session");
            return null;
        }

        string ticketIn = resume is { HasTicket: true } ? Short(resume.TicketKeyNameHex) : "-";
        HandshakeResult result = SocketHandshake.Connect(_server.LocalEndPoint, client, resume);
        _connections++;
        if (result.Session is not null)
        {
            _sessions.Add(result.Session);
        }

        var problems = new List<string>();
        if (!result.Completed)
        {
            problems.Add($"connection failed: {result.Error}");
        }
        else
        {
            string? expectedKey = _ring.GetEncryptionKey()?.NameHex;
            string? heldKey = result.Session is { HasTicket: true } session ? session.TicketKeyNameHex : null;
            Expect(problems, result.Version == version, $"negotiated {result.Version.ToDisplayString()}");
            Expect(problems, result.Resumed == expectResumed, expectResumed ? "not resumed" : "resumed unexpectedly");
            Expect(problems, result.NewTicketReceived == expectNewTicket, expectNewTicket ? "no new ticket" : "ticket renewed unexpectedly");
            Expect(problems, heldKey is not null && heldKey == expectedKey, $"client holds a ticket under {heldKey ?? "no key"}, ring encrypts with {expectedKey ?? "no key"}");
        }

        string handshake = !result.Completed ? "failed" : result.Resumed ? "resumed" : "full";
        string renewed = !result.NewTicketReceived ? "no" : result.Resumed ? "yes" : "new";
        string ticketOut = result.Session is { HasTicket: true } held ? Short(held.TicketKeyNameHex) : "-";
        string check = problems.Count == 0 ? "ok" : "FAIL: " + string.Join("; ", problems);
        _output.WriteLine(RowFormat, shownVersion, label, handshake, ticketIn, ticketOut, renewed, check);
        if (problems.Count > 0)
        {
            _failures.Add($"{shownVersion} {label}: {string.Join("; ", problems)}");
        }

        return result.Session;
    }

    private void Fail(string version, string label, string reason)
    {
        _output.WriteLine(RowFormat, version, label, "-", "-", "-", "-", "FAIL: " + reason);
        _failures.Add($"{version} {label}: {reason}");
    }

    private int Finish()
    {
        if (_failures.Count == 0)
        {
            _output.WriteLine($"self-test passed: {_connections} connections, every resumption and renewal as expected");
            return 0;
        }

        _output.WriteLine($"self-test FAILED ({_failures.Count} of {_connections} connections):");
        _failures.ForEach(failure => _output.WriteLine("  " + failure));
        return 1;
    }

    private static void Expect(List<string> problems, bool condition, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }

    // Eight hex digits tell the keys of one run apart; the full name is in the ticket.
    private static string Short(string? nameHex) => nameHex is null ? "-" : nameHex[..8];
}
