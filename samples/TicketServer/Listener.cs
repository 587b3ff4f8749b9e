using System;
using System.IO;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading;
using TicketKeys.Samples.Tls;

namespace TicketServer;

/// <summary>The <c>--listen</c> mode: serve until Ctrl+C or SIGTERM, one log line per connection.</summary>
internal static class Listener
{
    public static int Run(ServerContext context, IPEndPoint endpoint, TextWriter output)
    {
        using var stop = new ManualResetEventSlim();
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using (TlsServer server = TlsServer.Start(endpoint, context, connection => output.WriteLine(Describe(connection))))
        {
            output.WriteLine($"listening on {server.LocalEndPoint}");
            stop.Wait();
        }

        output.WriteLine("stopped");
        return 0;

        void Stop(PosixSignalContext signal)
        {
            // Cancel the default (immediate exit) so the server closes its connections first.
            signal.Cancel = true;
            stop.Set();
        }
    }

    private static string Describe(ServedConnection connection)
    {
        string client = connection.Remote?.ToString() ?? "client";
        if (!connection.Completed)
        {
            return $"{client} handshake failed: {connection.Error}";
        }

        string handshake = connection.Resumed ? "resumed" : "full handshake";
        return connection.Error is null
            ? $"{client} {connection.Version.ToDisplayString()} {handshake}"
            : $"{client} {connection.Version.ToDisplayString()} {handshake}, then: {connection.Error}";
    }
}
