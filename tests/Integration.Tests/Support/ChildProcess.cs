using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using TicketKeys.Integration.Tests.Sample;
using Xunit;

namespace TicketKeys.Integration.Tests.Support;

/// <summary>
/// A program the tests run as a child process (a sample server, a test app): its output captured line by line, waits
/// that are bounded and name what was missing, and the whole process tree killed on dispose, even when a test fails.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(5);

    private readonly string _name;
    private readonly Process _process;
    private readonly LineCapture _output = new();
    private readonly LineCapture _errors = new();

    /// <summary>Starts <paramref name="program"/>; <paramref name="name"/> names it in failure messages.</summary>
    public ChildProcess(string name, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        _name = name;
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

        foreach ((string variable, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += _output.Add;
        _process.ErrorDataReceived += _errors.Add;
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The dotnet the SDK runs the tests with (it says so in DOTNET_HOST_PATH); "dotnet" on PATH otherwise.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public int Id => _process.Id;

    public string Output => _output.Text;

    public string Errors => _errors.Text;

    /// <summary>
    /// The entry assembly of a project built before the tests (a build-order reference, not an assembly reference),
    /// whose path the test project records as assembly metadata under <paramref name="metadataKey"/>.
    /// </summary>
    public static string BuiltAssembly(string metadataKey)
    {
        string path = typeof(ChildProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == metadataKey).Value!;
        Assert.True(
            File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")),
            $"{Path.GetFileName(path)} is not built: {path} (and its .runtimeconfig.json) are missing.");
        return path;
    }

    /// <summary>Waits until a line starting with <paramref name="prefix"/> is printed and returns the rest of it, trimmed.</summary>
    public string WaitForLine(string prefix, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            string output = Output;
            int start = output.IndexOf(prefix, StringComparison.Ordinal);
            int lineEnd = start < 0 ? -1 : output.IndexOf('\n', start);
            if (lineEnd > 0)
            {
                return output[(start + prefix.Length)..lineEnd].Trim();
            }

            if (_process.HasExited)
            {
                Assert.Fail($"{_name} exited with code {_process.ExitCode} before printing '{prefix}'. stdout: {output} stderr: {Errors}");
            }

            Thread.Sleep(20);
        }

        Assert.Fail($"{_name} did not print '{prefix}...' within {timeout.TotalSeconds} s. stdout: {Output} stderr: {Errors}");
        return string.Empty;
    }

    /// <summary>Waits until the process has printed <paramref name="text"/> anywhere in its output.</summary>
    public void WaitForOutput(string text, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(stopwatch.Elapsed < timeout, $"{_name} did not print '{text}' within {timeout.TotalSeconds} s. stdout: {Output} stderr: {Errors}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Waits for the process to exit by itself; null when it does not within the timeout.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return null;
        }

        // The parameterless wait also drains the asynchronous output readers.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Lets the process run to its end (killed after <paramref name="timeout"/>) and says how it ended.</summary>
    public ProcessOutcome RunToEnd(TimeSpan timeout)
    {
        int? exitCode = WaitForExit(timeout);
        return new ProcessOutcome(exitCode, Output, Errors);
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
}
