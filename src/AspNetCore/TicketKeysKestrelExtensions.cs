using System;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace TicketKeys.AspNetCore;

/// <summary>Puts a <see cref="KestrelTicketKeys"/> on Kestrel's HTTPS connections.</summary>
public static class TicketKeysKestrelExtensions
{
    /// <summary>
    /// Adds the ticket keys registered with
    /// <see cref="TicketKeysServiceCollectionExtensions.AddTicketKeys(IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>
    /// to this endpoint. Call it after <c>UseHttps</c>: <c>listen.UseHttps(certificate).UseTicketKeys()</c>.
    /// </summary>
    /// <param name="listenOptions">An HTTPS endpoint.</param>
    /// <returns><paramref name="listenOptions"/>.</returns>
    /// <exception cref="InvalidOperationException">No <see cref="KestrelTicketKeys"/> is registered.</exception>
    public static ListenOptions UseTicketKeys(this ListenOptions listenOptions)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        return listenOptions.UseTicketKeys(listenOptions.ApplicationServices.GetRequiredService<KestrelTicketKeys>());
    }

    /// <summary>
    /// Adds <paramref name="keys"/> to this endpoint: a connection middleware that, once the TLS handshake is done, puts
    /// the keys on the connection's <c>SSL_CTX</c> and sets <see cref="ITicketKeysConnectionFeature"/>. Call it after
    /// <c>UseHttps</c>; on a connection without TLS it does nothing.
    /// </summary>
    /// <param name="listenOptions">An HTTPS endpoint.</param>
    /// <param name="keys">The keys.</param>
    /// <returns><paramref name="listenOptions"/>.</returns>
    public static ListenOptions UseTicketKeys(this ListenOptions listenOptions, KestrelTicketKeys keys)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        ArgumentNullException.ThrowIfNull(keys);
        listenOptions.Use(next => new TicketKeysConnectionMiddleware(next, keys).OnConnectionAsync);
        keys.AddEndpoint(listenOptions);
        return listenOptions;
    }
}
