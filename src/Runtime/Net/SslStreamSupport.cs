using System.Net.Security;
using System.Runtime.InteropServices;
using System.Threading;
using TicketKeys.Interop;

namespace TicketKeys.Net;

/// <summary>
/// Decides once, at the first authenticated stream, whether the bridge can work in this process: the internals have the
/// known shape (<see cref="SslStreamInternals"/>), and TicketKeys and <see cref="SslStream"/> use one and the same
/// OpenSSL copy. When not, it reports one warning (<see cref="TicketKeysDiagnostics.SslStreamBridgeUnsupported"/> and the
/// <c>ticketkeys.sslstream.unsupported</c> counter) and the bridge stays inert: TLS works as without TicketKeys.
/// </summary>
internal sealed class SslStreamSupport(SslStreamInternals internals)
{
    private const int Undecided = 0;
    private const int Supported = 1;
    private const int Unsupported = 2;

    private readonly object _decideLock = new();
    private volatile int _state;
    private volatile string? _problem;

    /// <summary>The process's <see cref="SslStream"/>.</summary>
    public static SslStreamSupport Current { get; } = new(SslStreamInternals.Current);

    /// <summary>Why the bridge is inert, once decided; null while it works or before the first stream.</summary>
    public string? Problem => _problem;

    /// <summary>
    /// The <c>SafeSslHandle</c> of an authenticated stream, or null when the bridge is inert (<see cref="Problem"/> set)
    /// or the stream was closed meanwhile. Never throws for a shape or library mismatch.
    /// </summary>
    public SafeHandle? TryGetSslHandle(SslStream stream)
    {
        if (_state == Unsupported)
        {
            return null;
        }

        SafeHandle? handle = internals.ReadSslHandle(stream, out string? problem);
        if (_state == Undecided && (handle is not null || problem is not null))
        {
            Decide(problem ?? FindLibraryProblem());
        }

        return _state == Supported ? handle : null;
    }

    private static string? FindLibraryProblem()
    {
        try
        {
            OpenSslHandles library = OpenSslLibrary.Loaded;
            LoadedOpenSsl mapped = LoadedOpenSsl.Probe();

            // SslStream has authenticated, so .NET's copy is mapped; TicketKeys' copy is mapped too. One file of each
            // means they are the same copy.
            return mapped.Ssl.Count == 1 && mapped.Crypto.Count == 1
                ? null
                : $"this process has mapped libssl '{string.Join("', '", mapped.Ssl)}' and libcrypto '{string.Join("', '", mapped.Crypto)}', and TicketKeys is bound to '{library.SslPath}' and '{library.CryptoPath}': not one OpenSSL copy shared with SslStream.";
        }
        catch (OpenSslUnavailableException exception)
        {
            return exception.Message;
        }
    }

    private void Decide(string? problem)
    {
        lock (_decideLock)
        {
            if (_state != Undecided)
            {
                return;
            }

            if (problem is null)
            {
                _state = Supported;
                return;
            }

            _problem = "The TicketKeys SslStream bridge is inert, TLS runs as without TicketKeys: " + problem;
            _state = Unsupported;
        }

        TicketKeysMetrics.SslStreamBridgeUnsupported();
        TicketKeysDiagnostics.ReportSslStreamBridgeUnsupported(_problem);
    }
}
