using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace KestrelFleet;

/// <summary>The parsed command line.</summary>
internal sealed class FleetOptions
{
    internal const string Usage = """
        Usage: KestrelFleet --urls https://ADDRESS:PORT[;...]
                            (--key-dir DIR | --key-file PATH... | --redis HOST:PORT --kek-file PATH) [options]

        An ASP.NET Core (Kestrel) server whose TLS session tickets are sealed with the fleet's keys, so a client resumes
        on any server that shares them. GET / answers with the TLS version and whether this connection resumed.

          --urls URLS              https://IP:PORT, several separated by ';' (port 0: any free port). Prints
                                   "listening on https://IP:PORT" for each once ready (and ticket keys are attached).
          --key-dir DIR            The fleet's key folder (files named by start time, e.g. 20261127T171100Z.key),
                                   followed while serving: new keys are picked up, a bad file keeps its last good key.
          --key-file PATH          A key file (nginx 48 or 80 bytes). Repeatable; the first one encrypts.
          --redis HOST:PORT        Share keys with a fleet through Redis (a StackExchange.Redis configuration string):
                                   one node at a time rotates them, every node follows. Needs --kek-file.
          --redis-prefix PREFIX    The fleet's Redis key prefix (default: {ticketkeys}:).
          --kek-file PATH          The 32-byte key (raw or base64) that wraps the ticket keys stored in Redis, the
                                   same on every node; e.g. made once with: openssl rand 32 > fleet.kek
          --cert PEM --key PEM     Certificate (chain) and private key (default: self-signed for localhost, made at start).
          --no-warm-up             Skip the start-up handshake: the first connection's ticket is then sealed with this
                                   process's own key (for comparison).
          --help                   Show this text.

        Exit codes: 0 stopped, 2 bad options, 3 the keys or the certificate could not be read (Redis unreachable or
        its keys not opened by the KEK included).
        """;

    private readonly List<IPEndPoint> _endpoints = [];
    private readonly List<string> _keyFiles = [];
    private readonly HashSet<string> _seen = [];

    public bool ShowHelp { get; private set; }

    public IReadOnlyList<IPEndPoint> Endpoints => _endpoints;

    public string? KeyDirectory { get; private set; }

    public IReadOnlyList<string> KeyFiles => _keyFiles;

    /// <summary>The fleet's Redis (<c>--redis</c>, a StackExchange.Redis configuration string), its key prefix and the KEK file.</summary>
    public string? Redis { get; private set; }

    public string? RedisPrefix { get; private set; }

    public string? KekFile { get; private set; }

    public string? CertificatePath { get; private set; }

    public string? PrivateKeyPath { get; private set; }

    public bool WarmUp { get; private set; } = true;

    /// <exception cref="FormatException">An option is unknown, repeated, missing its value, or conflicts with another.</exception>
    public static FleetOptions Parse(IReadOnlyList<string> args)
    {
        var options = new FleetOptions();
        for (int index = 0; index < args.Count; index++)
        {
            string option = args[index];
            switch (option)
            {
                case "--help" or "-h":
                    options.ShowHelp = true;
                    return options;
                case "--urls":
                    options.Once(option);
                    foreach (string url in ValueOf(args, ref index).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        options._endpoints.Add(ParseUrl(url));
                    }

                    break;
                case "--key-dir":
                    options.Once(option);
                    options.KeyDirectory = ValueOf(args, ref index);
                    break;
                case "--key-file":
                    options._keyFiles.Add(ValueOf(args, ref index));
                    break;
                case "--redis":
                    options.Once(option);
                    options.Redis = ParseRedis(ValueOf(args, ref index));
                    break;
                case "--redis-prefix":
                    options.Once(option);
                    options.RedisPrefix = ValueOf(args, ref index) is { Length: > 0 } prefix
                        ? prefix
                        : throw new FormatException("--redis-prefix is empty");
                    break;
                case "--kek-file":
                    options.Once(option);
                    options.KekFile = ValueOf(args, ref index);
                    break;
                case "--cert":
                    options.Once(option);
                    options.CertificatePath = ValueOf(args, ref index);
                    break;
                case "--key":
                    options.Once(option);
                    options.PrivateKeyPath = ValueOf(args, ref index);
                    break;
                case "--no-warm-up":
                    options.Once(option);
                    options.WarmUp = false;
                    break;
                default:
                    throw new FormatException($"unknown option '{option}'");
            }
        }

        if (options._endpoints.Count == 0)
        {
            throw new FormatException("--urls https://ADDRESS:PORT is required");
        }

        options.ValidateKeySource();

        if ((options.CertificatePath is null) != (options.PrivateKeyPath is null))
        {
            throw new FormatException("--cert and --key go together");
        }

        return options;
    }

    /// <summary>The options as the TicketKeys configuration section, the way an appsettings.json would carry them.</summary>
    public Dictionary<string, string?> ToConfiguration()
    {
        var settings = new Dictionary<string, string?>
        {
            ["TicketKeys:KeyDirectory"] = KeyDirectory,
            ["TicketKeys:WarmUp"] = WarmUp ? "true" : "false",
        };
        for (int index = 0; index < _keyFiles.Count; index++)
        {
            settings[string.Create(CultureInfo.InvariantCulture, $"TicketKeys:KeyFiles:{index}")] = _keyFiles[index];
        }

        return settings;
    }

    private void ValidateKeySource()
    {
        int sources = (KeyDirectory is null ? 0 : 1) + (_keyFiles.Count == 0 ? 0 : 1) + (Redis is null ? 0 : 1);
        if (sources != 1)
        {
            throw new FormatException("give one of --key-dir DIR, --key-file PATH or --redis HOST:PORT");
        }

        if (Redis is null && (RedisPrefix is not null || KekFile is not null))
        {
            throw new FormatException("--redis-prefix and --kek-file go with --redis");
        }

        if (Redis is not null && KekFile is null)
        {
            throw new FormatException("--redis needs --kek-file: the ticket keys are stored wrapped with it");
        }
    }

    /// <summary>Checks the configuration string here, so that a typo is a bad option; the value itself may hold a password and is not echoed.</summary>
    private static string ParseRedis(string configuration)
    {
        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"--redis: {exception.Message}", exception);
        }

        return parsed.EndPoints.Count > 0 ? configuration : throw new FormatException("--redis names no HOST:PORT");
    }

    private static IPEndPoint ParseUrl(string url)
    {
        const string Scheme = "https://";
        string hostPort = url.TrimEnd('/');
        hostPort = hostPort.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? hostPort[Scheme.Length..] : string.Empty;

        // IPEndPoint.TryParse takes a bare address as port 0; a listener needs the port spelled out.
        int portSeparator = hostPort.LastIndexOf(':');
        bool hasPort = portSeparator > 0 && (!hostPort.StartsWith('[') || hostPort[portSeparator - 1] == ']');
        if (!hasPort || !IPEndPoint.TryParse(hostPort, out IPEndPoint? endpoint))
        {
            throw new FormatException($"--urls '{url}': expected https://IP:PORT, such as https://127.0.0.1:5001");
        }

        return endpoint;
    }

    private static string ValueOf(IReadOnlyList<string> args, ref int index)
    {
        string option = args[index];
        if (index + 1 >= args.Count || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new FormatException($"{option} needs a value");
        }

        index++;
        return args[index];
    }

    private void Once(string option)
    {
        if (!_seen.Add(option))
        {
            throw new FormatException($"{option} is given twice");
        }
    }
}
