using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace TicketKeys.AspNetCore;

/// <summary>
/// Runs after Kestrel's HTTPS middleware, so each connection's <see cref="System.Net.Security.SslStream"/> is
/// authenticated: puts the ticket keys on its <c>SSL_CTX</c> (once per context; later a pointer compare) and sets
/// <see cref="ITicketKeysConnectionFeature"/>.
/// </summary>
internal sealed class TicketKeysConnectionMiddleware(ConnectionDelegate next, KestrelTicketKeys keys)
{
    public Task OnConnectionAsync(ConnectionContext context)
    {
        if (context.Features.Get<ISslStreamFeature>() is { } tls)
        {
            context.Features.Set<ITicketKeysConnectionFeature>(keys.OnHandshakeCompleted(tls.SslStream));
        }
        else
        {
            keys.ReportPlainConnection();
        }

        return next(context);
    }
}
