using System;
using TicketKeys.Samples.Tls;
using Xunit;

namespace TicketKeys.Integration.Tests.Callback;

/// <summary>A server context with a provider attached and a client context, for in-process handshakes over memory BIOs.</summary>
internal sealed class TicketServerRig : IDisposable
{
    private TicketServerRig(ServerContext server, TicketKeyAttachment attachment, ClientContext client)
    {
        Server = server;
        Attachment = attachment;
        Client = client;
    }

    public ServerContext Server { get; }

    public TicketKeyAttachment Attachment { get; }

    public ClientContext Client { get; }

    /// <summary>Creates the contexts and attaches the provider with <paramref name="attach"/> (its generated <c>AttachTo</c>).</summary>
    public static TicketServerRig Start(ServerCertificate certificate, TlsVersion version, Func<nint, TicketKeyAttachment> attach)
    {
        ServerContext server = ServerContext.Create(certificate, version);
        return new TicketServerRig(server, attach(server.Handle), ClientContext.Create(version));
    }

    /// <summary>One connection; fails the test when it does not complete.</summary>
    public HandshakeResult Connect(ClientSession? resume = null, string serverName = ClientContext.ServerName)
    {
        HandshakeResult result = MemoryHandshake.Connect(Server, Client, resume, serverName);
        Assert.True(result.Completed, $"handshake failed: {result.Error}");
        return result;
    }

    public void Dispose()
    {
        Client.Dispose();
        Attachment.Dispose();
        Server.Dispose();
    }
}
