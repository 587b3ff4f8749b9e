using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using TicketKeys.Integration.Tests.Sample;
using Xunit;

namespace TicketKeys.Integration.Tests.Kestrel;

/// <summary>
/// The built KestrelFleet sample (<c>dotnet KestrelFleet.dll</c>) as a child process on a free loopback port (the
/// actual address read from its "listening on" line, printed once Kestrel listens and the keys are attached), always
/// killed on dispose.
/// </summary>
internal sealed class KestrelFleetProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(5);
    private const string ListeningPrefix = "KestrelFleet: listening on https://";

    private readonly Process _process;
    private readonly LineCapture _output = new();
    private readonly LineCapture _errors = new();

    private KestrelFleetProcess(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Plain one-line logs, so that tests can wait for a line.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

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

    /// <summary>Where the sample's entry assembly is: its own output folder, built before the tests (<c>KestrelFleetDll</c> metadata).</summary>
    public static string DllPath
    {
        get
        {
            string path = typeof(KestrelFleetProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(attribute => attribute.Key == "KestrelFleetDll").Value!;
            Assert.True(
                File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")),
                $"The sample is not built: {path} (and its .runtimeconfig.json) are missing.");
            return path;
        }
    }

    /// <summary>Starts <c>KestrelFleet --urls https://127.0.0.1:0</c> with <paramref name="arguments"/> and waits until it listens.</summary>
    public static KestrelFleetProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Start(string[])"/>, with more environment variables.</summary>
    public static KestrelFleetProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var server = new KestrelFleetProcess(["--urls", "https://127.0.0.1:0", .. arguments], environment);
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

    /// <summary>Runs the sample with exactly <paramref name="arguments"/> until it exits by itself (a start-up failure); killed after the timeout.</summary>
    public static ProcessOutcome Run(params string[] arguments)
    {
        using var server = new KestrelFleetProcess(arguments);
        bool exited = server._process.WaitForExit(StartTimeout);
        if (exited)
        {
            server._process.WaitForExit();
        }

        return new ProcessOutcome(exited ? server._process.ExitCode : null, server.Output, server.Errors);
    }

    /// <summary>Waits (bounded) until the server has printed a line containing <paramref name="text"/>.</summary>
    public void WaitForOutput(string text, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(stopwatch.Elapsed < timeout, $"KestrelFleet did not print '{text}' within {timeout.TotalSeconds} s. stdout: {Output} stderr: {Errors}");
            Thread.Sleep(20);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(ExitTimeout);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        _process.Dispose();
    }

    // The SDK tells test hosts which dotnet runs them; a plain "dotnet" on PATH is the fallback.
    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

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
                Address = output[(listening + ListeningPrefix.Length)..lineEnd].Trim().TrimEnd('/');
                return;
            }

            if (_process.HasExited)
            {
                Assert.Fail($"KestrelFleet exited with code {_process.ExitCode} before listening. stdout: {output} stderr: {Errors}");
            }

            Thread.Sleep(20);
        }

        Assert.Fail($"KestrelFleet did not print '{ListeningPrefix}...' within {StartTimeout.TotalSeconds} s. stdout: {Output} stderr: {Errors}");
    }
}
