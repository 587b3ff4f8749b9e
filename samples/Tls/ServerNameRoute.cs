using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TicketKeys.Samples.Tls;

/// <summary>
/// An SNI callback that moves connections for given server names (ASCII case-insensitive) to other <c>SSL_CTX</c>s
/// (<c>SSL_set_SSL_CTX</c>), as virtual-host servers do. OpenSSL then still calls the first context's ticket callback,
/// but reports the other one.
/// </summary>
internal sealed unsafe class ServerNameRoute : IDisposable
{
    private const int ServerNameOk = 0;
    private const int ServerNameFatalAlert = 2;

    private readonly Dictionary<string, ServerContext> _targets;
    private GCHandle _self;

    private ServerNameRoute(IReadOnlyDictionary<string, ServerContext> targets)
    {
        _targets = new Dictionary<string, ServerContext>(targets, StringComparer.OrdinalIgnoreCase);
        _self = GCHandle.Alloc(this);
    }

    /// <summary>Installs the route as <paramref name="context"/>'s servername callback.</summary>
    public static ServerNameRoute Install(nint context, IReadOnlyDictionary<string, ServerContext> targets)
    {
        var route = new ServerNameRoute(targets);
        LibSsl.SSL_CTX_ctrl(context, LibSsl.CtrlSetTlsExtServerNameArgument, new(0), GCHandle.ToIntPtr(route._self));
        if (LibSsl.SSL_CTX_callback_ctrl(context, LibSsl.CtrlSetTlsExtServerNameCallback, (nint)(delegate* unmanaged[Cdecl]<nint, int*, nint, int>)&OnServerName).Value != 1)
        {
            route.Dispose();
            throw TlsSetupException.FromErrorQueue("SSL_CTX_set_tlsext_servername_callback");
        }

        return route;
    }

    public void Dispose()
    {
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnServerName(nint ssl, int* alert, nint argument)
    {
        try
        {
            var route = (ServerNameRoute)GCHandle.FromIntPtr(argument).Target!;
            nint name = LibSsl.SSL_get_servername(ssl, LibSsl.NameTypeHostName);
            if (name != 0 && route._targets.TryGetValue(Marshal.PtrToStringUTF8(name)!, out ServerContext? target))
            {
                LibSsl.SSL_set_SSL_CTX(ssl, target.Handle);
            }

            return ServerNameOk;
        }
        catch (Exception)
        {
            // Nothing may unwind into OpenSSL; refuse the connection instead.
            return ServerNameFatalAlert;
        }
    }
}
