using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using TicketKeys.Integration.Tests.Sample;
using Xunit;

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

    private readonly Process _process;
    private readonly LineCapture _output = new();
    private readonly LineCapture _errors = new();

    private BridgeServerProcess(ProcessStartInfo start)
    {
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += _output.Add;
        _process.ErrorDataReceived += _errors.Add;
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The "127.0.0.1:PORT" that <c>openssl s_client -connect</c> takes.</summary>
    public string Address { get; private set; } = string.Empty;

    public string Output => _output.Text;

    public string Errors => _errors.Text;

    /// <summary>The app built for .NET 10 beside the tests (a build-order reference named by assembly metadata).</summary>
    public static string DllPath
    {
        get
        {
            string path = typeof(BridgeServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(attribute => attribute.Key == "SslStreamBridgeServerDll").Value!;
            Assert.True(File.Exists(path), $"SslStreamBridgeServer is not built: {path} is missing.");
            return path;
        }
    }

    /// <summary>Starts <c>dotnet SslStreamBridgeServer.dll</c> (.NET 10) with <paramref name="arguments"/>.</summary>
    public static BridgeServerProcess StartOnDotnet(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Start(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet", [DllPath, .. arguments], environment);

    /// <summary>Starts a published binary of the app with <paramref name="arguments"/>.</summary>
    public static BridgeServerProcess StartBinary(string executable, params string[] arguments) =>
        Start(executable, arguments, new Dictionary<string, string>());

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        _process.Dispose();
    }

    private static BridgeServerProcess Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        var server = new BridgeServerProcess(start);
        try
        {
            server.WaitUntilListening();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private void WaitUntilListening()
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < StartTimeout)
        {
            string output = Output;
            int listening = output.IndexOf(ListeningPrefix, StringComparison.Ordinal);
            int lineEnd = listening < 0 ? -1 : output.IndexOf('\n', listening);
            if (lineEnd > 0)
            {
                Address = output[(listening + ListeningPrefix.Length)..lineEnd].Trim();
                return;
            }

            Assert.False(_process.HasExited, $"SslStreamBridgeServer exited before listening. stdout: {output} stderr: {Errors}");
            Thread.Sleep(20);
        }

        Assert.Fail($"SslStreamBridgeServer did not print '{ListeningPrefix}...' within {StartTimeout.TotalSeconds} s. stdout: {Output} stderr: {Errors}");
    }
}
