using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Security;
using System.Threading;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TicketKeys.AspNetCore;

/// <summary>
/// A Kestrel server's ticket keys: a <see cref="TicketKeyRing"/> (from a key folder, key files, or your own), put on
/// the <c>SSL_CTX</c> behind every HTTPS connection by the middleware of <see cref="TicketKeysKestrelExtensions"/>.
/// Where the bridge to .NET's <c>SslStream</c> is unsupported (not Linux, or a .NET version whose internals differ),
/// one warning is logged and TLS works exactly as without TicketKeys.
/// </summary>
public sealed partial class KestrelTicketKeys : IDisposable
{
    private readonly TicketKeyDirectory? _directory;
    private readonly bool _ownsRing;
    private readonly ILogger _logger;
    private readonly SslStreamTicketKeys _bridge;
    private readonly object _endpointsLock = new();
    private ListenOptions[] _endpoints = [];
    private long _handshakesSeen;
    private int _unsupportedReported;
    private int _plainConnectionReported;

    /// <summary>Serves the keys of a ring you own (and dispose).</summary>
    /// <param name="ring">The keys.</param>
    /// <param name="sessionIdContext">The session id context (see <see cref="TicketKeysOptions.SessionIdContext"/>); null: derived.</param>
    /// <param name="logger">Where the one unsupported-platform warning goes; none when null.</param>
    /// <param name="time">The clock for session-age limits; <see cref="TimeProvider.System"/> when null.</param>
    public KestrelTicketKeys(TicketKeyRing ring, string? sessionIdContext = null, ILogger? logger = null, TimeProvider? time = null)
        : this(ring, sessionIdContext, logger, time, directory: null, ownsRing: false)
    {
    }

    private KestrelTicketKeys(TicketKeyRing ring, string? sessionIdContext, ILogger? logger, TimeProvider? time, TicketKeyDirectory? directory, bool ownsRing)
    {
        ArgumentNullException.ThrowIfNull(ring);
        Ring = ring;
        SessionIdContext = sessionIdContext;
        _logger = logger ?? NullLogger.Instance;
        _directory = directory;
        _ownsRing = ownsRing;
        _bridge = new SslStreamTicketKeys(ring, new SslStreamTicketKeysOptions { SessionIdContext = sessionIdContext, TimeProvider = time });
    }

    /// <summary>The keys served.</summary>
    public TicketKeyRing Ring { get; }

    /// <summary>The configured session id context; null when derived.</summary>
    public string? SessionIdContext { get; }

    /// <summary>Opens the key folder or reads the key files that <paramref name="options"/> name.</summary>
    /// <param name="options">Where the keys are.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Key-folder problems found while serving (warnings), and the unsupported-platform warning.</param>
    /// <returns>The keys; dispose them when the server stops (the container does, for a registered instance).</returns>
    /// <exception cref="InvalidOperationException">The options name no keys, or both a folder and files.</exception>
    /// <exception cref="TicketKeyFileException">The folder or a file is missing, unreadable or malformed; the message names it and the problem.</exception>
    public static KestrelTicketKeys Open(TicketKeysOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        time ??= TimeProvider.System;
        logger ??= NullLogger.Instance;
        bool hasFolder = !string.IsNullOrEmpty(options.KeyDirectory);
        if (hasFolder == (options.KeyFiles.Count > 0))
        {
            throw new InvalidOperationException(hasFolder
                ? "TicketKeys: set either TicketKeys:KeyDirectory or TicketKeys:KeyFiles, not both."
                : "TicketKeys: no ticket keys configured; set TicketKeys:KeyDirectory (a shared key folder) or TicketKeys:KeyFiles (a list of key files).");
        }

        if (options.KeyFormat is not null && hasFolder)
        {
            throw new InvalidOperationException("TicketKeys:KeyFormat names the layout of TicketKeys:KeyFiles; a key folder holds nginx files (48 or 80 bytes).");
        }

        if (hasFolder)
        {
            TicketKeyDirectory directory = TicketKeyDirectory.Open(
                options.KeyDirectory!,
                new TicketKeyDirectoryOptions { Rejected = problem => LogKeyFileProblem(logger, problem.Message) },
                time);
            return new KestrelTicketKeys(directory.Ring, options.SessionIdContext, logger, time, directory, ownsRing: false);
        }

        return new KestrelTicketKeys(
            TicketKeyRing.FromKeyFiles(options.KeyFiles, options.KeyFormat, time), options.SessionIdContext, logger, time, directory: null, ownsRing: true);
    }

    /// <summary>How many <c>SSL_CTX</c>s (.NET makes one per certificate and option set) carry the keys now.</summary>
    public int AttachedContextCount => _bridge.AttachedContextCount;

    /// <summary>The endpoints <c>UseTicketKeys</c> was called on: the start-up warm-up connects to each once it is bound.</summary>
    internal IReadOnlyList<ListenOptions> Endpoints => Volatile.Read(ref _endpoints);

    /// <summary>TLS handshakes the middleware has seen: the start-up warm-up waits for its own.</summary>
    internal long HandshakesSeen => Interlocked.Read(ref _handshakesSeen);

    /// <summary>
    /// Detaches from every <c>SSL_CTX</c> (later handshakes on them issue and resume no tickets), stops following the key
    /// folder and zeroes the keys this instance opened (not a ring passed in).
    /// </summary>
    public void Dispose()
    {
        _bridge.Dispose();
        if (_directory is not null)
        {
            _directory.Dispose();
        }
        else if (_ownsRing)
        {
            Ring.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"KestrelTicketKeys ({Ring.Keys.Count} keys{(_directory is null ? string.Empty : " from " + _directory.FolderPath)})");

    /// <summary>Attaches the keys to the <c>SSL_CTX</c> behind <paramref name="stream"/> (once per context) and says what this connection got.</summary>
    internal ITicketKeysConnectionFeature OnHandshakeCompleted(SslStream stream)
    {
        SslStreamTicketKeyStatus status;
        try
        {
            status = _bridge.Attach(stream);
        }
#pragma warning disable CA1031 // The bridge promises not to throw; should it, the connection must still be served, with .NET's own keys.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            if (Interlocked.Exchange(ref _unsupportedReported, 1) == 0)
            {
                LogUnsupported(_logger, $"{exception.GetType().Name}: {exception.Message}");
            }

            status = SslStreamTicketKeyStatus.Failed;
        }
        finally
        {
            Interlocked.Increment(ref _handshakesSeen);
        }

        if (status == SslStreamTicketKeyStatus.Unsupported && Interlocked.Exchange(ref _unsupportedReported, 1) == 0)
        {
            LogUnsupported(_logger, SslStreamTicketKeys.UnsupportedReason ?? "unknown reason");
        }

        return new TicketKeysConnectionFeature(stream, status is SslStreamTicketKeyStatus.Attached or SslStreamTicketKeyStatus.AlreadyAttached);
    }

    internal void AddEndpoint(ListenOptions endpoint)
    {
        lock (_endpointsLock)
        {
            _endpoints = [.. _endpoints, endpoint];
        }
    }

    /// <summary>A connection without TLS reached the middleware: <c>UseTicketKeys</c> came before <c>UseHttps</c>, or on a plain endpoint.</summary>
    internal void ReportPlainConnection()
    {
        Interlocked.Increment(ref _handshakesSeen);
        if (Interlocked.Exchange(ref _plainConnectionReported, 1) == 0)
        {
            LogPlainConnection(_logger);
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "TicketKeys: fleet ticket keys are not available in this process ({Reason}); TLS works as without TicketKeys, with .NET's own per-process ticket keys.")]
    private static partial void LogUnsupported(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "TicketKeys: a connection without TLS reached UseTicketKeys; call it after UseHttps on HTTPS endpoints (listen.UseHttps(certificate).UseTicketKeys()).")]
    private static partial void LogPlainConnection(ILogger logger);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogKeyFileProblem(ILogger logger, string problem);
}
