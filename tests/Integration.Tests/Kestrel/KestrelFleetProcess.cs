using System;
using System.Collections.Generic;
using TicketKeys.Integration.Tests.Sample;
using TicketKeys.Integration.Tests.Support;

namespace TicketKeys.Integration.Tests.Kestrel;

/// <summary>
/// The built KestrelFleet sample (<c>dotnet KestrelFleet.dll</c>) as a child process on a free loopback port (the
/// actual address read from its "listening on" line, printed once Kestrel listens and the keys are attached), always
/// killed on dispose.
/// </summary>
internal sealed class KestrelFleetProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private const string ListeningPrefix = "KestrelFleet: listening on https://";

    private readonly ChildProcess _process;

    private KestrelFleetProcess(string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        // Plain one-line logs, so that tests can wait for a line.
        var variables = new Dictionary<string, string>
        {
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        _process = new ChildProcess("KestrelFleet", ChildProcess.DotnetHost, [DllPath, .. arguments], variables);
    }

    /// <summary>The "127.0.0.1:PORT" that <c>openssl s_client -connect</c> takes.</summary>
    public string Address { get; private set; } = string.Empty;

    public string Output => _process.Output;

    public string Errors => _process.Errors;

    /// <summary>The sample's entry assembly in its own output folder (<c>KestrelFleetDll</c> assembly metadata).</summary>
    public static string DllPath => ChildProcess.BuiltAssembly("KestrelFleetDll");

    /// <summary>Starts <c>KestrelFleet --urls https://127.0.0.1:0</c> with <paramref name="arguments"/> and waits until it listens.</summary>
    public static KestrelFleetProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Start(string[])"/>, with more environment variables.</summary>
    public static KestrelFleetProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var server = new KestrelFleetProcess(["--urls", "https://127.0.0.1:0", .. arguments], environment);
        try
        {
            server.Address = server._process.WaitForLine(ListeningPrefix, StartTimeout).TrimEnd('/');
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Runs the sample with exactly <paramref name="arguments"/> until it exits by itself (a start-up failure); killed after the timeout.</summary>
    public static ProcessOutcome Run(params string[] arguments)
    {
        using var server = new KestrelFleetProcess(arguments);
        return server._process.RunToEnd(StartTimeout);
    }

    /// <summary>Waits (bounded) until the server has printed a line containing <paramref name="text"/>.</summary>
    public void WaitForOutput(string text, TimeSpan timeout) => _process.WaitForOutput(text, timeout);

    public void Dispose() => _process.Dispose();
}
