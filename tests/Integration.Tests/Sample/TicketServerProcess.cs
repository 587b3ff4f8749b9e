using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Threading;
using Xunit;

namespace TicketKeys.Integration.Tests.Sample;

/// <summary>
/// The built sample (<c>dotnet TicketServer.dll</c>) as a child process: started on a free loopback port (port 0, the
/// actual port read from its "listening on" line), always killed on dispose.
/// </summary>
internal sealed class TicketServerProcess : IDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(5);
    private const string ListeningPrefix = "listening on ";

    private readonly Process _process;
    private readonly LineCapture _output = new();
    private readonly LineCapture _errors = new();

    private TicketServerProcess(IEnumerable<string> arguments)
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

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += _output.Add;
        _process.ErrorDataReceived += _errors.Add;
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>The "127.0.0.1:PORT" that <c>openssl s_client -connect</c> takes.</summary>
    public string Address => EndPoint.ToString();

    public int Id => _process.Id;

    /// <summary>
    /// Where the sample's entry assembly is: its own output folder, built before the tests (a build-order reference,
    /// not an assembly reference) and named by the test project (<c>TicketServerDll</c> assembly metadata).
    /// </summary>
    public static string DllPath
    {
        get
        {
            string path = typeof(TicketServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(attribute => attribute.Key == "TicketServerDll").Value!;
            Assert.True(
                File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")),
                $"The sample is not built: {path} (and its .runtimeconfig.json) are missing.");
            return path;
        }
    }

    /// <summary>Starts <c>TicketServer --listen 127.0.0.1:0</c> with <paramref name="arguments"/> and waits until it listens.</summary>
    public static TicketServerProcess Start(params string[] arguments)
    {
        var server = new TicketServerProcess(["--listen", "127.0.0.1:0", .. arguments]);
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

    /// <summary>Runs the sample to completion (for modes that end by themselves) and returns its exit code and output.</summary>
    public static ProcessOutcome Run(TimeSpan timeout, params string[] arguments)
    {
        using var server = new TicketServerProcess(arguments);
        bool exited = server._process.WaitForExit(timeout);
        if (exited)
        {
            // The parameterless wait also drains the asynchronous output readers.
            server._process.WaitForExit();
        }

        return new ProcessOutcome(exited ? server._process.ExitCode : null, server.Output, server.Errors);
    }

    public string Output => _output.Text;

    public string Errors => _errors.Text;

    /// <summary>Waits for the process to exit by itself; null when it does not within the timeout.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return null;
        }

        _process.WaitForExit();
        return _process.ExitCode;
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
                EndPoint = IPEndPoint.Parse(output[(listening + ListeningPrefix.Length)..lineEnd].Trim());
                return;
            }

            if (_process.HasExited)
            {
                Assert.Fail($"TicketServer exited with code {_process.ExitCode} before listening. stdout: {output} stderr: {Errors}");
            }

            Thread.Sleep(20);
        }

        Assert.Fail($"TicketServer did not print '{ListeningPrefix}...' within {StartTimeout.TotalSeconds} s. stdout: {Output} stderr: {Errors}");
    }
}
