using System.Runtime.InteropServices;

namespace TicketKeys.Samples.Tls;

/// <summary>
/// The sample's own libssl binding: a server that already talks to OpenSSL and plugs TicketKeys in needs nothing from
/// TicketKeys' internal interop. Pointers are <see cref="nint"/>; C <c>long</c> is <see cref="CLong"/>.
/// </summary>
internal static unsafe partial class LibSsl
{
    private const string Library = "libssl.so.3";

    // Numbers behind OpenSSL's macros (ssl.h), which are not exported.
    internal const int CtrlSetSessionCacheMode = 44;
    internal const int CtrlSetTlsExtServerNameCallback = 53;
    internal const int CtrlSetTlsExtServerNameArgument = 54;
    internal const int CtrlSetTlsExtHostName = 55;
    internal const int CtrlChainCert = 89;
    internal const int CtrlSetMinProtoVersion = 123;
    internal const int CtrlSetMaxProtoVersion = 124;
    internal const int SessionCacheOff = 0x0000;
    internal const int NameTypeHostName = 0;
    internal const int VerifyNone = 0;

    internal const int ErrorSsl = 1;
    internal const int ErrorWantRead = 2;
    internal const int ErrorWantWrite = 3;
    internal const int ErrorSyscall = 5;
    internal const int ErrorZeroReturn = 6;

    [LibraryImport(Library)]
    internal static partial nint TLS_server_method();

    [LibraryImport(Library)]
    internal static partial nint TLS_client_method();

    [LibraryImport(Library)]
    internal static partial nint SSL_CTX_new(nint method);

    [LibraryImport(Library)]
    internal static partial void SSL_CTX_free(nint context);

    [LibraryImport(Library)]
    internal static partial CLong SSL_CTX_ctrl(nint context, int command, CLong larg, nint parg);

    [LibraryImport(Library)]
    internal static partial int SSL_CTX_use_certificate(nint context, nint certificate);

    [LibraryImport(Library)]
    internal static partial int SSL_CTX_use_PrivateKey(nint context, nint privateKey);

    [LibraryImport(Library)]
    internal static partial int SSL_CTX_check_private_key(nint context);

    [LibraryImport(Library)]
    internal static partial void SSL_CTX_set_verify(nint context, int mode, nint callback);

    [LibraryImport(Library)]
    internal static partial CLong SSL_CTX_callback_ctrl(nint context, int command, nint callback);

    [LibraryImport(Library)]
    internal static partial nint SSL_get_servername(nint ssl, int type);

    [LibraryImport(Library)]
    internal static partial nint SSL_set_SSL_CTX(nint ssl, nint context);

    [LibraryImport(Library)]
    internal static partial nint SSL_new(nint context);

    [LibraryImport(Library)]
    internal static partial void SSL_free(nint ssl);

    [LibraryImport(Library)]
    internal static partial CLong SSL_ctrl(nint ssl, int command, CLong larg, nint parg);

    [LibraryImport(Library)]
    internal static partial void SSL_set_bio(nint ssl, nint readBio, nint writeBio);

    [LibraryImport(Library)]
    internal static partial int SSL_set_fd(nint ssl, int fd);

    [LibraryImport(Library)]
    internal static partial void SSL_set_connect_state(nint ssl);

    [LibraryImport(Library)]
    internal static partial void SSL_set_accept_state(nint ssl);

    [LibraryImport(Library)]
    internal static partial int SSL_do_handshake(nint ssl);

    [LibraryImport(Library)]
    internal static partial int SSL_read(nint ssl, byte* buffer, int count);

    [LibraryImport(Library)]
    internal static partial int SSL_write(nint ssl, byte* buffer, int count);

    [LibraryImport(Library)]
    internal static partial int SSL_shutdown(nint ssl);

    [LibraryImport(Library)]
    internal static partial int SSL_get_error(nint ssl, int result);

    [LibraryImport(Library)]
    internal static partial int SSL_session_reused(nint ssl);

    [LibraryImport(Library)]
    internal static partial int SSL_version(nint ssl);

    [LibraryImport(Library)]
    internal static partial int SSL_set_session(nint ssl, nint session);

    [LibraryImport(Library)]
    internal static partial nint SSL_get1_session(nint ssl);

    [LibraryImport(Library)]
    internal static partial void SSL_SESSION_free(nint session);

    [LibraryImport(Library)]
    internal static partial void SSL_SESSION_get0_ticket(nint session, out byte* ticket, out nuint length);

    [LibraryImport(Library)]
    internal static partial int i2d_SSL_SESSION(nint session, byte** output);

    [LibraryImport(Library)]
    internal static partial nint d2i_SSL_SESSION(nint existing, byte** input, CLong length);

    [LibraryImport(Library)]
    internal static partial nint PEM_read_bio_SSL_SESSION(nint bio, nint existing, nint passwordCallback, nint userData);
}
