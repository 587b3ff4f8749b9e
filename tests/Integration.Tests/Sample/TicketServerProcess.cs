using System;
using System.Net;
using TicketKeys.Integration.Tests.Support;

namespace TicketKeys.Integration.Tests.Sample;

/// <summary>
/// The built sample (<c>dotnet TicketServer.dll</c>) as a child process: started on a free loopback port (port 0, the
/// actual port read from its "listening on" line), always killed on dispose.
/// </summary>
internal sealed class TicketServerProcess : IDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private const string ListeningPrefix = "listening on ";

    private readonly ChildProcess _process;

    private TicketServerProcess(string[] arguments) =>
        _process = new ChildProcess("TicketServer", ChildProcess.DotnetHost, [DllPath, .. arguments]);

    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>The "127.0.0.1:PORT" that <c>openssl s_client -connect</c> takes.</summary>
    public string Address => EndPoint.ToString();

    public int Id => _process.Id;

    /// <summary>The sample's entry assembly in its own output folder (<c>TicketServerDll</c> assembly metadata).</summary>
    public static string DllPath => ChildProcess.BuiltAssembly("TicketServerDll");

    public string Output => _process.Output;

    public string Errors => _process.Errors;

    /// <summary>Starts <c>TicketServer --listen 127.0.0.1:0</c> with <paramref name="arguments"/> and waits until it listens.</summary>
    public static TicketServerProcess Start(params string[] arguments)
    {
        var server = new TicketServerProcess(["--listen", "127.0.0.1:0", .. arguments]);
        try
        {
            server.EndPoint = IPEndPoint.Parse(server._process.WaitForLine(ListeningPrefix, StartTimeout));
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Runs the sample to completion (for modes that end by themselves) and returns its exit code and output.</summary>
    public static ProcessOutcome Run(TimeSpan timeout, params string[] arguments)
    {
        using var server = new TicketServerProcess(arguments);
        return server._process.RunToEnd(timeout);
    }

    /// <summary>Waits for the process to exit by itself; null when it does not within the timeout.</summary>
    public int? WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Dispose() => _process.Dispose();
}
