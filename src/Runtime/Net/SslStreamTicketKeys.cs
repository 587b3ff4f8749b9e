using System;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using TicketKeys.Callback;
using TicketKeys.Interop;
using TicketKeys.Net;

namespace TicketKeys;

/// <summary>
/// Fleet-wide ticket keys for .NET's own TLS: attaches a provider to the OpenSSL <c>SSL_CTX</c> behind authenticated
/// server <see cref="SslStream"/>s (Linux), and sets a session id context shared by every process that serves the same
/// endpoint, so that a session made by one process resumes on another.
/// </summary>
/// <remarks>
/// <para>
/// Call <see cref="Attach"/> with each authenticated server stream (in Kestrel, from a connection middleware). The first
/// call for an <c>SSL_CTX</c> attaches; later ones are a pointer compare without allocation. .NET may use more than one
/// <c>SSL_CTX</c> (one per certificate and option set): each one seen is attached.
/// </para>
/// <para>
/// The first connection on a context is authenticated before the bridge sees it, so its ticket is sealed with .NET's own
/// per-process key and resumes only on this process. Every later ticket comes from the provider.
/// </para>
/// <para>
/// The bridge reads one .NET internal (<c>SslStream._securityContext</c>); its shape is checked once, and where it
/// differs (a .NET version not yet known, Windows or macOS, a second OpenSSL copy) the bridge reports one warning
/// (<see cref="TicketKeysDiagnostics.SslStreamBridgeUnsupported"/>, the <c>ticketkeys.sslstream.unsupported</c> counter),
/// changes nothing and answers <see cref="SslStreamTicketKeyStatus.Unsupported"/>. It never throws into the handshake.
/// </para>
/// </remarks>
public sealed class SslStreamTicketKeys : IDisposable
{
    private readonly Func<nint, TicketKeyAttachment> _attach;
    private readonly SslStreamTicketKeysOptions _options;
    private readonly SslStreamSupport _support;
    private readonly object _attachLock = new();
    private volatile AttachedContext[] _contexts = [];
    private volatile bool _disposed;

    /// <summary>Attaches <paramref name="ring"/> to every <c>SSL_CTX</c> seen, with default options.</summary>
    public SslStreamTicketKeys(TicketKeyRing ring)
        : this(ring, new SslStreamTicketKeysOptions())
    {
    }

    /// <summary>Attaches <paramref name="ring"/> to every <c>SSL_CTX</c> seen.</summary>
    public SslStreamTicketKeys(TicketKeyRing ring, SslStreamTicketKeysOptions options)
        : this(AttachRing(ring, options), options, SslStreamSupport.Current)
    {
    }

    /// <summary>
    /// Attaches any provider, with default options: <paramref name="attach"/> is called once per new <c>SSL_CTX</c>, for
    /// example <c>context =&gt; myProvider.AttachTo(context)</c> for a generated <c>[TicketKeyProvider]</c>.
    /// </summary>
    public SslStreamTicketKeys(Func<nint, TicketKeyAttachment> attach)
        : this(attach, new SslStreamTicketKeysOptions())
    {
    }

    /// <summary>
    /// Attaches any provider: <paramref name="attach"/> is called once per new <c>SSL_CTX</c>, for example
    /// <c>context =&gt; myProvider.AttachTo(context)</c> for a generated <c>[TicketKeyProvider]</c>.
    /// </summary>
    public SslStreamTicketKeys(Func<nint, TicketKeyAttachment> attach, SslStreamTicketKeysOptions options)
        : this(attach, options, SslStreamSupport.Current)
    {
    }

    internal SslStreamTicketKeys(Func<nint, TicketKeyAttachment> attach, SslStreamTicketKeysOptions options, SslStreamSupport support)
    {
        ArgumentNullException.ThrowIfNull(attach);
        ArgumentNullException.ThrowIfNull(options);
        _attach = attach;
        _options = options;
        _support = support;
    }

    /// <summary>
    /// Why the bridge is inert in this process, once the first authenticated stream has been checked; null while it works
    /// (or before the first check).
    /// </summary>
    public static string? UnsupportedReason => SslStreamSupport.Current.Problem;

    /// <summary>How many distinct <c>SSL_CTX</c>s the provider is attached to.</summary>
    public int AttachedContextCount => Array.FindAll(_contexts, context => context.Attachment is not null).Length;

    /// <summary>
    /// Whether <paramref name="authenticatedStream"/> resumed a session, and under which TicketKeys key; an unknown result
    /// when the stream is not authenticated or the bridge is unsupported. Never throws for those.
    /// </summary>
    public static SslStreamResumption GetResumption(SslStream authenticatedStream)
    {
        ArgumentNullException.ThrowIfNull(authenticatedStream);
        if (!authenticatedStream.IsAuthenticated || SslStreamSupport.Current.TryGetSslHandle(authenticatedStream) is not { } handle)
        {
            return default;
        }

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            nint ssl = handle.DangerousGetHandle();
            bool resumed = LibSsl.SessionReused(ssl) == 1;
            return new SslStreamResumption(isKnown: true, resumed, resumed ? ResumedKeyRecord.ReadHex(ssl) : null);
        }
        catch (ObjectDisposedException)
        {
            return default;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Attaches the provider to the <c>SSL_CTX</c> behind <paramref name="authenticatedServerStream"/> unless it already
    /// is. Never throws for anything but a null argument: every outcome is a <see cref="SslStreamTicketKeyStatus"/>.
    /// </summary>
    public SslStreamTicketKeyStatus Attach(SslStream authenticatedServerStream)
    {
        ArgumentNullException.ThrowIfNull(authenticatedServerStream);
        if (_disposed)
        {
            return SslStreamTicketKeyStatus.Disposed;
        }

        if (!authenticatedServerStream.IsAuthenticated || !authenticatedServerStream.IsServer)
        {
            return SslStreamTicketKeyStatus.NotAuthenticatedServer;
        }

        if (_support.TryGetSslHandle(authenticatedServerStream) is not { } handle)
        {
            return _support.Problem is null ? SslStreamTicketKeyStatus.NotAuthenticatedServer : SslStreamTicketKeyStatus.Unsupported;
        }

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            nint ssl = handle.DangerousGetHandle();
            nint context = LibSsl.GetContext(ssl);
            foreach (AttachedContext known in _contexts)
            {
                if (known.Context == context)
                {
                    return known.Attachment is null ? SslStreamTicketKeyStatus.Failed : SslStreamTicketKeyStatus.AlreadyAttached;
                }
            }

            return AttachNew(authenticatedServerStream, ssl, context);
        }
        catch (ObjectDisposedException)
        {
            return SslStreamTicketKeyStatus.NotAuthenticatedServer;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Attaches before the first client: one TLS handshake with this process over 127.0.0.1 using
    /// <paramref name="serverOptions"/> makes .NET create the <c>SSL_CTX</c> it will use for those options (it keeps one
    /// per certificate and option set), and attaches to it, so that even the first real client gets a ticket under the
    /// provider's keys. Pass the very options object the server authenticates with. Returns the status of that attach;
    /// when the loopback handshake itself fails (for example the server insists on a client certificate), reports it
    /// through <see cref="TicketKeysDiagnostics.SslStreamAttachFailed"/> and returns
    /// <see cref="SslStreamTicketKeyStatus.Failed"/>: the server then attaches at its first connection as usual.
    /// </summary>
    /// <param name="serverOptions">The server's authentication options.</param>
    /// <param name="targetHost">The name the loopback client asks for (SNI); "localhost" when null.</param>
    /// <param name="cancellationToken">Cancels the loopback handshake.</param>
    public async Task<SslStreamTicketKeyStatus> AttachAheadAsync(
        SslServerAuthenticationOptions serverOptions,
        string? targetHost = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serverOptions);
        if (_disposed)
        {
            return SslStreamTicketKeyStatus.Disposed;
        }

        try
        {
            return await LoopbackHandshake.RunAsync(serverOptions, targetHost ?? "localhost", Attach, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException or SocketException)
        {
            TicketKeysDiagnostics.ReportSslStreamAttachFailed(exception);
            return SslStreamTicketKeyStatus.Failed;
        }
    }

    /// <summary>Detaches from every context: later handshakes on them issue and resume no tickets (see <see cref="TicketKeyAttachment"/>).</summary>
    public void Dispose()
    {
        lock (_attachLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (AttachedContext known in _contexts)
            {
                if (known.Attachment is null)
                {
                    LibSsl.ContextFree(known.Context);
                }
                else
                {
                    known.Attachment.Dispose();
                }
            }

            _contexts = [];
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"SslStreamTicketKeys ({AttachedContextCount} SSL_CTX attached{(_disposed ? ", disposed" : string.Empty)})";

    private static Func<nint, TicketKeyAttachment> AttachRing(TicketKeyRing ring, SslStreamTicketKeysOptions options)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(options);
        return context => ring.AttachTo(context, options.CallbackApi, options.TimeProvider);
    }

    private SslStreamTicketKeyStatus AttachNew(SslStream stream, nint ssl, nint context)
    {
        lock (_attachLock)
        {
            if (_disposed)
            {
                return SslStreamTicketKeyStatus.Disposed;
            }

            foreach (AttachedContext known in _contexts)
            {
                if (known.Context == context)
                {
                    return known.Attachment is null ? SslStreamTicketKeyStatus.Failed : SslStreamTicketKeyStatus.AlreadyAttached;
                }
            }

            TicketKeyAttachment? attachment = null;
            try
            {
                ResumedKeyRecord.Enable();
                byte[] sessionIdContext = SessionIdContext.Derive(stream.LocalCertificate, LibSsl.VerifyMode(ssl), _options.SessionIdContext);
                attachment = _attach(context) ?? throw new InvalidOperationException("The attach delegate returned no attachment.");
                if (attachment.SslContext != context)
                {
                    throw new InvalidOperationException($"The attach delegate attached to SSL_CTX 0x{attachment.SslContext:x}, not to 0x{context:x}.");
                }

                if (!SessionIdContext.Apply(context, sessionIdContext))
                {
                    throw new InvalidOperationException($"SSL_CTX_set_session_id_context failed on 0x{context:x}: {OpenSslError.Drain()}");
                }
            }
#pragma warning disable CA1031 // Never into the handshake path: the failure is reported, counted and remembered.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                attachment?.Dispose();
                return RememberFailure(context, exception);
            }

            _contexts = [.. _contexts, new AttachedContext(context, attachment)];
            TicketKeysMetrics.SslStreamContextAttached("attached");
            return SslStreamTicketKeyStatus.Attached;
        }
    }

    /// <summary>
    /// Keeps a reference on a context that failed, so its address cannot be reused by a new context that would then be
    /// mistaken for it, and so later connections on it are not retried.
    /// </summary>
    private SslStreamTicketKeyStatus RememberFailure(nint context, Exception exception)
    {
        TicketKeysMetrics.SslStreamContextAttached("failed");
        TicketKeysDiagnostics.ReportSslStreamAttachFailed(exception);
        if (LibSsl.ContextUpReference(context) == 1)
        {
            _contexts = [.. _contexts, new AttachedContext(context, null)];
        }
        else
        {
            LibCrypto.ClearError();
        }

        return SslStreamTicketKeyStatus.Failed;
    }

    /// <summary>A context seen, with its attachment, or null when attaching failed.</summary>
    private readonly record struct AttachedContext(nint Context, TicketKeyAttachment? Attachment);
}
