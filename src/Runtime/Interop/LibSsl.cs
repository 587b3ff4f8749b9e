using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TicketKeys.Interop;

/// <summary>
/// The libssl functions TicketKeys calls. Field reads that every callback makes (no lock, no allocation, no callback
/// into managed code) skip the GC transition.
/// </summary>
internal static unsafe partial class LibSsl
{
    /// <summary><c>SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB</c>: <c>SSL_CTX_set_tlsext_ticket_key_cb</c> is a macro over this.</summary>
    public const int SetTicketKeyCallbackControl = 72;

    /// <summary><c>TLS1_3_VERSION</c>.</summary>
    public const int Tls13Version = 0x0304;

    /// <summary><c>TLSEXT_NAMETYPE_host_name</c>.</summary>
    public const int NameTypeHostName = 0;

    /// <summary><c>TLSEXT_TYPE_server_name</c>.</summary>
    public const int ServerNameExtension = 0;

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_get_SSL_CTX")]
    [SuppressGCTransition]
    public static partial nint GetContext(nint ssl);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_version")]
    [SuppressGCTransition]
    public static partial int Version(nint ssl);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_get_ex_data")]
    [SuppressGCTransition]
    public static partial nint GetExData(nint ssl, int index);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_set_ex_data")]
    public static partial int SetExData(nint ssl, int index, nint data);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_get_servername")]
    public static partial byte* GetServerName(nint ssl, int type);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_client_hello_get0_ext")]
    public static partial int ClientHelloGetExtension(nint ssl, uint type, byte** data, nuint* length);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_get_session")]
    public static partial nint GetSession(nint ssl);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_SESSION_set1_ticket_appdata")]
    public static partial int SessionSetTicketAppData(nint session, void* data, nuint length);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_SESSION_get0_ticket_appdata")]
    public static partial int SessionGetTicketAppData(nint session, void** data, nuint* length);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_CTX_set_session_ticket_cb")]
    public static partial int SetSessionTicketCallbacks(nint context, void* generate, void* decrypt, nint argument);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_CTX_get_ex_data")]
    [SuppressGCTransition]
    public static partial nint GetContextExData(nint context, int index);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_CTX_set_ex_data")]
    public static partial int SetContextExData(nint context, int index, nint data);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_CTX_callback_ctrl")]
    public static partial CLong ContextCallbackControl(nint context, int command, void* callback);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_CTX_set_tlsext_ticket_key_evp_cb")]
    public static partial int SetTicketKeyEvpCallback(nint context, void* callback);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_CTX_up_ref")]
    public static partial int ContextUpReference(nint context);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_CTX_free")]
    public static partial void ContextFree(nint context);

    /// <summary><c>SSL_MAX_SID_CTX_LENGTH</c>: the longest session id context.</summary>
    public const int MaxSessionIdContextLength = 32;

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_session_reused")]
    [SuppressGCTransition]
    public static partial int SessionReused(nint ssl);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_get_verify_mode")]
    [SuppressGCTransition]
    public static partial int VerifyMode(nint ssl);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_CTX_set_session_id_context")]
    public static partial int SetSessionIdContext(nint context, byte* sessionIdContext, uint length);
}
