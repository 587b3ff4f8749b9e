using System;
using System.Collections.Generic;
using TicketKeys.Integration.Tests.Support;

namespace TicketKeys.Integration.Tests.Bridge;

/// <summary>
/// The SslStreamBridgeServer test app as a child process (framework-dependent on .NET 10 through <c>dotnet</c>, or a
/// published self-contained binary): started on a free loopback port, the address read from its "listening on" line,
/// always killed on dispose.
/// </summary>
internal sealed class BridgeServerProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private const string ListeningPrefix = "listening on ";

    private readonly ChildProcess _process;

    private BridgeServerProcess(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        _process = new ChildProcess("SslStreamBridgeServer", program, arguments, environment);

    /// <summary>The "127.0.0.1:PORT" that <c>openssl s_client -connect</c> takes.</summary>
    public string Address { get; private set; } = string.Empty;

    public string Output => _process.Output;

    public string Errors => _process.Errors;

    /// <summary>The app built for .NET 10 beside the tests (a build-order reference named by assembly metadata).</summary>
    public static string DllPath => ChildProcess.BuiltAssembly("SslStreamBridgeServerDll");

    /// <summary>Starts <c>dotnet SslStreamBridgeServer.dll</c> (.NET 10) with <paramref name="arguments"/>.</summary>
    public static BridgeServerProcess StartOnDotnet(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Start(ChildProcess.DotnetHost, [DllPath, .. arguments], environment);

    /// <summary>Starts a published binary of the app with <paramref name="arguments"/>.</summary>
    public static BridgeServerProcess StartBinary(string executable, params string[] arguments) =>
        Start(executable, arguments, new Dictionary<string, string>());

    public void Dispose() => _process.Dispose();

    private static BridgeServerProcess Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var server = new BridgeServerProcess(program, arguments, environment);
        try
        {
            server.Address = server._process.WaitForLine(ListeningPrefix, StartTimeout);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }
}
