using System;
using System.Collections.Generic;
using TicketKeys.Samples.Tls;

namespace TicketServer;

/// <summary>The <c>--server-name</c> hosts: one <c>SSL_CTX</c> per name, switched to by SNI from the listening context.</summary>
internal sealed class VirtualHosts : IDisposable
{
    private readonly Dictionary<string, ServerContext> _contexts;

    private VirtualHosts(Dictionary<string, ServerContext> contexts) => _contexts = contexts;

    public static VirtualHosts Create(ServerCertificate certificate, TlsVersion? onlyVersion, IReadOnlyList<string> serverNames)
    {
        var contexts = new Dictionary<string, ServerContext>(StringComparer.OrdinalIgnoreCase);
        try
        {
            foreach (string name in serverNames)
            {
                if (!contexts.ContainsKey(name))
                {
                    contexts.Add(name, ServerContext.Create(certificate, onlyVersion));
                }
            }

            return new VirtualHosts(contexts);
        }
        catch
        {
            new VirtualHosts(contexts).Dispose();
            throw;
        }
    }

    /// <summary>Installs the SNI switch on <paramref name="front"/>, when there are hosts.</summary>
    public void RouteFrom(ServerContext front)
    {
        if (_contexts.Count > 0)
        {
            front.RouteServerNames(_contexts);
        }
    }

    public void Dispose()
    {
        foreach (ServerContext context in _contexts.Values)
        {
            context.Dispose();
        }
    }
}
