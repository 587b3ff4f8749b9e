using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;

namespace TicketKeys.Cli;

/// <summary>
/// <c>ticketkeys inspect-ticket --keys FILE|DIR [--format F] SESSION.pem</c>: which key sealed a client's saved session
/// ticket, whether these keys hold it (current, renew-due, expired), whether its HMAC verifies and it decrypts, and how
/// old it is; never key bytes or the session's master key. Exit 0 when these keys would resume it, 1 when they would
/// not (the reason on one line), 2 for bad input.
/// </summary>
internal static class InspectTicketCommand
{
    public static Command Create()
    {
        var session = new Argument<string>("SESSION.pem") { Description = "A session saved by 'openssl s_client -sess_out'." };
        var keys = new Option<string>("--keys")
        {
            Description = "The server's key file, or its key folder (one key per file, named by the instant it starts encrypting).",
            Required = true,
            HelpName = "FILE|DIR",
        };
        var format = new Option<string?>("--format")
        {
            Description = "The key file's layout when it cannot be told from its bytes (apache, openssl). Default: nginx48/nginx80 by size, haproxy by content.",
        };
        format.AcceptOnlyFromAmong(KeyFileFormat.All);
        var command = new Command("inspect-ticket", "Say which key sealed a saved session's ticket and whether these keys would resume it.") { session, keys, format };
        command.SetAction(result => CommandErrors.Run(() =>
            Inspect(result.GetValue(session)!, result.GetValue(keys)!, result.GetValue(format))));
        return command;
    }

    private static int Inspect(string sessionPath, string keysPath, string? formatName)
    {
        TlsSessionSummary saved = TlsSessionSummary.ReadPem(sessionPath);
        if (saved.Ticket.IsEmpty)
        {
            throw new FormatException($"{sessionPath}: the session has no ticket (the server issued none, or the client asked for none with -no_ticket)");
        }

        using InspectedKeys inspected = InspectedKeys.Open(keysPath, formatName);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        ReadOnlySpan<byte> ticket = saved.Ticket.Span;
        Console.WriteLine(Invariant(
            $"session: {sessionPath}, {saved.ProtocolName}, saved {Instant(saved.CreatedAt)} ({Age(now - saved.CreatedAt, "ago")}), ticket lifetime hint {saved.TicketLifetimeHint.TotalSeconds} s"));
        foreach (string skipped in inspected.Skipped)
        {
            Console.WriteLine($"skipped: {skipped}");
        }

        Console.WriteLine($"keys: {inspected.Description}");
        if (ticket.Length < SessionTicket.MinimumLength)
        {
            Console.WriteLine(Invariant($"ticket: {ticket.Length} bytes"));
            return WouldNotResume(Invariant(
                $"the ticket is {ticket.Length} bytes, shorter than any ticket sealed with a key ({SessionTicket.MinimumLength}): a session-cache id, not a sealed ticket"));
        }

        byte[] keyName = ticket[..TicketKey.NameLength].ToArray();
        string keyNameHex = Convert.ToHexString(keyName);
        Console.WriteLine(Invariant($"ticket: {ticket.Length} bytes, key name {keyNameHex}"));
        TicketKeyLookup lookup = inspected.Ring.Find(keyName);
        TicketKey? key = inspected.Ring.Keys.FirstOrDefault(candidate => candidate.HasName(keyName));
        if (key is null)
        {
            Console.WriteLine("key: unknown (no key of these has that name)");
            return WouldNotResume($"unknown key name {keyNameHex}: not among the keys of {inspected.Description}");
        }

        Console.WriteLine($"key: known, {KeyDescription.Of(key)}; {StateOf(lookup, key, now)}");
        // The server refuses such a key before it looks at the HMAC; the checks below still show what the bytes say.
        string? keyRefusal = lookup.Result switch
        {
            TicketKeyLookupResult.Expired => $"key {keyNameHex} expired at {Instant(key.Window.NotAfter)}",
            TicketKeyLookupResult.Revoked => $"key {keyNameHex} is revoked",
            _ => null,
        };
        SessionTicketOpening opening = SessionTicket.Open(ticket, key);
        Console.WriteLine(opening.Status == SessionTicketStatus.HmacMismatch
            ? "HMAC does not verify (HMAC-SHA256, constant-time compare)"
            : "HMAC verifies (HMAC-SHA256, constant-time compare)");
        if (opening.Status == SessionTicketStatus.HmacMismatch)
        {
            return WouldNotResume(keyRefusal ?? $"HMAC mismatch: key {keyNameHex} has the ticket's name but not the bytes that sealed it (or the ticket was altered)");
        }

        if (opening.Session is not { } inner)
        {
            Console.WriteLine(opening.Status == SessionTicketStatus.DecryptionFailed
                ? "decrypts: no (bad padding)"
                : "decrypts: yes, but the session inside does not parse");
            return WouldNotResume(keyRefusal ?? (opening.Status == SessionTicketStatus.DecryptionFailed
                ? $"the ticket does not decrypt under key {keyNameHex} (bad padding): its AES key differs from the one that sealed it"
                : "the session inside the ticket does not parse (OpenSSL d2i_SSL_SESSION)"));
        }

        // OpenSSL counts whole seconds and refuses a session only once its age exceeds the timeout (ssl_get_prev_session).
        DateTimeOffset endsAt = inner.CreatedAt + inner.Timeout;
        bool timedOut = endsAt < DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        Console.WriteLine(Invariant(
            $"decrypts: yes (padding valid, session parses): {inner.ProtocolName}, issued {Instant(inner.CreatedAt)}, {Age(now - inner.CreatedAt, "old")}, server's session timeout {inner.Timeout.TotalSeconds} s"));
        // OpenSSL resumes a session only where the server's session id context matches (nginx sets a digest of its certificates).
        Console.WriteLine($"session id context: {(inner.IdContext.IsEmpty ? "none" : Convert.ToHexString(inner.IdContext.Span))}");
        return lookup.Result switch
        {
            _ when keyRefusal is not null => WouldNotResume(keyRefusal),
            _ when timedOut => WouldNotResume($"session timed out at {Instant(endsAt)} (the server's session timeout is {inner.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s)"),
            TicketKeyLookupResult.Renew => Resumes("these keys would resume it and issue a new ticket (renew-due)"),
            _ => Resumes("these keys would resume it"),
        };
    }

    private static string StateOf(TicketKeyLookup lookup, TicketKey key, DateTimeOffset now) => lookup.Result switch
    {
        TicketKeyLookupResult.Resume => "current (encrypting)",
        TicketKeyLookupResult.Renew when now < key.Window.NotBefore =>
            $"not yet valid (pre-staged, encrypts from {Instant(key.Window.NotBefore)}): it decrypts already, renew-due",
        TicketKeyLookupResult.Renew => "renew-due (decrypt-only: the server resumes and issues a new ticket under its current key)",
        TicketKeyLookupResult.Expired => $"expired (at {Instant(key.Window.NotAfter)})",
        _ => lookup.Result.ToString(),
    };

    private static int Resumes(string verdict)
    {
        Console.WriteLine($"verdict: {verdict}");
        return ExitCodes.Success;
    }

    private static int WouldNotResume(string reason)
    {
        Console.WriteLine($"verdict: would not resume: {reason}");
        return ExitCodes.WouldNotResume;
    }

    private static string Instant(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Age(TimeSpan age, string suffix) => age < TimeSpan.Zero
        ? "in the future: check the clocks"
        : age.TotalMinutes < 1 ? Invariant($"{(int)age.TotalSeconds} s {suffix}")
        : age.TotalHours < 1 ? Invariant($"{age.Minutes} min {age.Seconds} s {suffix}")
        : age.TotalDays < 1 ? Invariant($"{age.Hours} h {age.Minutes} min {suffix}")
        : Invariant($"{(int)age.TotalDays} d {age.Hours} h {suffix}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
