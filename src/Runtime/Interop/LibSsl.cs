using System.Runtime.InteropServices;

namespace TicketKeys.Interop;

/// <summary>The libssl functions TicketKeys calls.</summary>
internal static unsafe partial class LibSsl
{
    /// <summary><c>SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB</c>: <c>SSL_CTX_set_tlsext_ticket_key_cb</c> is a macro over this.</summary>
    public const int SetTicketKeyCallbackControl = 72;

    /// <summary><c>TLS1_3_VERSION</c>.</summary>
    public const int Tls13Version = 0x0304;

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_get_SSL_CTX")]
    public static partial nint GetContext(nint ssl);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_version")]
    public static partial int Version(nint ssl);

    [LibraryImport(OpenSslLibrary.Ssl, EntryPoint = "SSL_CTX_get_ex_data")]
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
}
