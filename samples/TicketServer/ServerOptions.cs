using System;
using System.Collections.Generic;
using System.Net;
using TicketKeys;
using TicketKeys.Samples.Tls;

namespace TicketServer;

/// <summary>The parsed command line.</summary>
internal sealed class ServerOptions
{
    internal const string Usage = """
        Usage: TicketServer (--listen ADDRESS:PORT | --self-test) [options]

        A TLS server (OpenSSL) whose session tickets are encrypted with TicketKeys keys.

        Modes:
          --listen ADDRESS:PORT    Serve until Ctrl+C or SIGTERM, e.g. 127.0.0.1:4433 or [::1]:4433 (port 0: any free
                                   port). Prints "listening on ADDRESS:PORT" once ready, then one line per connection.
          --self-test              Start on 127.0.0.1 (free port), connect as a client: full handshakes, resumptions and
                                   a key rotation, for TLS 1.2 and 1.3. Prints a table; exit code 0 when all went as
                                   expected, 1 otherwise. Uses its own in-memory ring.

        Options:
          --key-file PATH          A key file. Repeatable; the first one encrypts, the others only decrypt, as in nginx.
          --key-format FORMAT      The layout of every --key-file: nginx48, nginx80, haproxy (tls-ticket-keys lines),
                                   apache (SSLSessionTicketKeyFile) or openssl (SSL_CTX_set_tlsext_ticket_keys).
                                   Default: nginx, 48 or 80 bytes by the file's size.
          --key-dir DIR            A folder of key files named by start time (e.g. 20261127T171100Z.key), followed
                                   while running. Rejected files are reported on stderr.
                                   Without --key-file/--key-dir: an in-memory ring that rotates every 12 hours.
          --redis HOST:PORT        Share keys with a fleet through Redis (a StackExchange.Redis configuration string):
                                   one node at a time rotates them, every node follows. Needs --kek-file.
          --redis-prefix PREFIX    The fleet's Redis key prefix (default: {ticketkeys}:).
          --kek-file PATH          The 32-byte key (raw or base64) that wraps the ticket keys stored in Redis, the
                                   same on every node; e.g. made once with: openssl rand 32 > fleet.kek
          --server-name NAME       Serve this host name (SNI) from an SSL_CTX of its own, switched to by SNI, with
                                   per-host ticket keys derived from the one key set: a session issued for one name
                                   never resumes on another. Repeatable.
          --callback-api API       auto (default), evp (OpenSSL 3) or legacy: which OpenSSL ticket callback to use.
          --tls VERSION            1.2 or 1.3: serve only that version (default: both).
          --cert PEM --key PEM     Certificate (chain) and private key (default: self-signed for localhost, made at start).
          --help                   Show this text.

        Exit codes: 0 success, 1 failure (self-test or runtime), 2 bad options or files.
        """;

    private readonly List<string> _keyFiles = [];
    private readonly List<string> _serverNames = [];
    private readonly HashSet<string> _seen = [];

    public bool ShowHelp { get; private set; }

    public bool SelfTest { get; private set; }

    public IPEndPoint? Listen { get; private set; }

    public IReadOnlyList<string> KeyFiles => _keyFiles;

    public string? KeyDirectory { get; private set; }

    /// <summary>The fleet's Redis (<c>--redis</c>), its key prefix and the KEK file.</summary>
    public string? Redis { get; private set; }

    public string? RedisPrefix { get; private set; }

    public string? KekFile { get; private set; }

    /// <summary>The layout of the key files; null: nginx, told by size.</summary>
    public TicketKeyFileFormat? KeyFormat { get; private set; }

    /// <summary>Virtual hosts (<c>--server-name</c>); empty for one context serving every name.</summary>
    public IReadOnlyList<string> ServerNames => _serverNames;

    public TicketCallbackApi CallbackApi { get; private set; } = TicketCallbackApi.Automatic;

    public TlsVersion? OnlyVersion { get; private set; }

    public string? CertificatePath { get; private set; }

    public string? PrivateKeyPath { get; private set; }

    /// <exception cref="CommandLineException">An option is unknown, repeated, missing its value, or conflicts with another.</exception>
    public static ServerOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ServerOptions();
        for (int index = 0; index < args.Count; index++)
        {
            string option = args[index];
            switch (option)
            {
                case "--help" or "-h" or "-?":
                    options.ShowHelp = true;
                    return options;
                case "--self-test":
                    options.Once(option);
                    options.SelfTest = true;
                    break;
                case "--listen":
                    options.Once(option);
                    options.Listen = ParseEndPoint(ValueOf(args, ref index));
                    break;
                case "--key-file":
                    options._keyFiles.Add(ValueOf(args, ref index));
                    break;
                case "--key-format":
                    options.Once(option);
                    options.KeyFormat = ParseKeyFormat(ValueOf(args, ref index));
                    break;
                case "--server-name":
                    options._serverNames.Add(ValueOf(args, ref index));
                    break;
                case "--key-dir":
                    options.Once(option);
                    options.KeyDirectory = ValueOf(args, ref index);
                    break;
                case "--redis":
                    options.Once(option);
                    options.Redis = ValueOf(args, ref index);
                    break;
                case "--redis-prefix":
                    options.Once(option);
                    options.RedisPrefix = ValueOf(args, ref index);
                    break;
                case "--kek-file":
                    options.Once(option);
                    options.KekFile = ValueOf(args, ref index);
                    break;
                case "--callback-api":
                    options.Once(option);
                    options.CallbackApi = ParseCallbackApi(ValueOf(args, ref index));
                    break;
                case "--tls":
                    options.Once(option);
                    options.OnlyVersion = ParseVersion(ValueOf(args, ref index));
                    break;
                case "--cert":
                    options.Once(option);
                    options.CertificatePath = ValueOf(args, ref index);
                    break;
                case "--key":
                    options.Once(option);
                    options.PrivateKeyPath = ValueOf(args, ref index);
                    break;
                default:
                    throw new CommandLineException($"unknown option '{option}'");
            }
        }

        options.Validate();
        return options;
    }

    private void Once(string option)
    {
        if (!_seen.Add(option))
        {
            throw new CommandLineException($"{option} is given twice");
        }
    }

    private void Validate()
    {
        if (SelfTest == (Listen is not null))
        {
            throw new CommandLineException(SelfTest ? "--listen and --self-test exclude each other" : "choose a mode: --listen ADDRESS:PORT or --self-test");
        }

        if (KeyDirectory is not null && _keyFiles.Count > 0)
        {
            throw new CommandLineException("--key-file and --key-dir exclude each other");
        }

        if (Redis is not null && (KeyDirectory is not null || _keyFiles.Count > 0))
        {
            throw new CommandLineException("--redis excludes --key-file and --key-dir");
        }

        if (Redis is null && (RedisPrefix is not null || KekFile is not null))
        {
            throw new CommandLineException("--redis-prefix and --kek-file go with --redis");
        }

        if (Redis is not null && KekFile is null)
        {
            throw new CommandLineException("--redis needs --kek-file: the ticket keys are stored wrapped with it");
        }

        if (KeyFormat is not null && _keyFiles.Count == 0)
        {
            throw new CommandLineException("--key-format names the layout of --key-file files; give at least one");
        }

        if (SelfTest && (KeyDirectory is not null || _keyFiles.Count > 0 || Redis is not null))
        {
            throw new CommandLineException("--self-test rotates its own in-memory ring; it takes no --key-file, --key-dir or --redis");
        }

        if (SelfTest && _serverNames.Count > 0)
        {
            throw new CommandLineException("--self-test checks one context and one ring; it takes no --server-name");
        }

        if ((CertificatePath is null) != (PrivateKeyPath is null))
        {
            throw new CommandLineException("--cert and --key go together");
        }
    }

    private static TicketKeyFileFormat ParseKeyFormat(string value) => value switch
    {
        "nginx48" => TicketKeyFileFormat.Nginx48,
        "nginx80" => TicketKeyFileFormat.Nginx80,
        "haproxy" => TicketKeyFileFormat.HAProxy,
        "apache" => TicketKeyFileFormat.Apache,
        "openssl" => TicketKeyFileFormat.OpenSsl,
        _ => throw new CommandLineException($"--key-format '{value}': expected nginx48, nginx80, haproxy, apache or openssl"),
    };

    private static string ValueOf(IReadOnlyList<string> args, ref int index)
    {
        string option = args[index];
        if (index + 1 >= args.Count || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new CommandLineException($"{option} needs a value");
        }

        index++;
        return args[index];
    }

    private static IPEndPoint ParseEndPoint(string text)
    {
        // IPEndPoint.TryParse also accepts a bare address (as port 0); a listener needs the port spelled out, and an
        // IPv6 address needs brackets to tell its colons from the port's.
        int portSeparator = text.LastIndexOf(':');
        bool hasPort = text.StartsWith('[')
            ? portSeparator > 0 && text[portSeparator - 1] == ']'
            : portSeparator > 0 && text.IndexOf(':', StringComparison.Ordinal) == portSeparator;
        return hasPort && IPEndPoint.TryParse(text, out IPEndPoint? endpoint)
            ? endpoint
            : throw new CommandLineException($"--listen '{text}' is not ADDRESS:PORT (e.g. 127.0.0.1:4433 or [::1]:4433)");
    }

    private static TicketCallbackApi ParseCallbackApi(string text) => text.ToLowerInvariant() switch
    {
        "auto" => TicketCallbackApi.Automatic,
        "evp" => TicketCallbackApi.Evp,
        "legacy" => TicketCallbackApi.Legacy,
        _ => throw new CommandLineException($"--callback-api '{text}' is not auto, evp or legacy"),
    };

    private static TlsVersion ParseVersion(string text) => text switch
    {
        "1.2" => TlsVersion.Tls12,
        "1.3" => TlsVersion.Tls13,
        _ => throw new CommandLineException($"--tls '{text}' is not 1.2 or 1.3"),
    };
}
