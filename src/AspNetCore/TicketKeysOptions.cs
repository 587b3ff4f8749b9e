using System.Collections.Generic;

namespace TicketKeys.AspNetCore;

/// <summary>
/// Where a Kestrel server's ticket keys come from, bound from the <c>TicketKeys</c> configuration section by
/// <see cref="TicketKeysServiceCollectionExtensions.AddTicketKeys(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>.
/// Exactly one of <see cref="KeyDirectory"/> and <see cref="KeyFiles"/> is set.
/// </summary>
public sealed class TicketKeysOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string SectionName = "TicketKeys";

    /// <summary>
    /// <c>TicketKeys:KeyDirectory</c>: the fleet's shared key folder (see <see cref="TicketKeyDirectory"/>), followed while
    /// serving: new files are picked up, a bad file keeps its last good key.
    /// </summary>
    public string? KeyDirectory { get; set; }

    /// <summary>
    /// <c>TicketKeys:KeyFiles</c> (a list: <c>TicketKeys:KeyFiles:0</c>, <c>:1</c>, ...): key files read once at start; the
    /// first one encrypts, the others only decrypt, as in nginx.
    /// </summary>
    public IList<string> KeyFiles { get; } = [];

    /// <summary>
    /// <c>TicketKeys:KeyFormat</c>: the layout of every file in <see cref="KeyFiles"/>
    /// (<c>Nginx48</c>, <c>Nginx80</c>, <c>HAProxy</c>, <c>Apache</c>, <c>OpenSsl</c>); null: nginx's, told by the size.
    /// </summary>
    public TicketKeyFileFormat? KeyFormat { get; set; }

    /// <summary>
    /// <c>TicketKeys:SessionIdContext</c>: an operator-chosen string mixed into the TLS session id context. OpenSSL resumes a
    /// session only under the context it was made in; the bridge derives it from the server certificate's public key and
    /// the client-certificate requirement, so a fleet serving one endpoint the same way shares it without this setting.
    /// Set it (the same on every server of the endpoint) to keep apart endpoints that share a certificate and settings
    /// but must not resume each other's sessions. Null: nothing added.
    /// </summary>
    public string? SessionIdContext { get; set; }

    /// <summary>
    /// <c>TicketKeys:WarmUp</c>: once Kestrel listens, make one TLS handshake from inside the process with each endpoint
    /// that has <c>UseTicketKeys</c>, so that the keys are attached before the first client connects. True by default.
    /// </summary>
    public bool WarmUp { get; set; } = true;
}
