using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using TicketKeys.Integration.Tests.Sample;
using Xunit;

namespace TicketKeys.Integration.Tests.Redis;

/// <summary>
/// A real <c>redis-server</c> on a free 127.0.0.1 port, in a temporary folder, persistence off (a restart comes back
/// empty). It can be killed, paused (SIGSTOP), resumed and restarted on the same port; it is always stopped on dispose.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private readonly TemporaryFolder _folder = new();
    private Process? _process;

    public RedisServer()
    {
        Port = FreePort();
        Start();
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration for the nodes: short timeouts, so that faults show within seconds.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000,syncTimeout=1500,asyncTimeout=1500,connectRetry=1";

    /// <summary>For the tests' own look into Redis: patient, so that a loaded machine does not fail a check.</summary>
    public string ObserverConfiguration => $"127.0.0.1:{Port},connectTimeout=15000,syncTimeout=10000,asyncTimeout=10000";

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Stops the server at once (SIGKILL): what Redis held is gone.</summary>
    public void Kill()
    {
        Resume();
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open, commands time out.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>Lets a paused server go on (SIGCONT).</summary>
    public void Resume() => Signal("CONT");

    /// <summary>Starts a new, empty server on the same port (after <see cref="Kill"/>).</summary>
    public void Start()
    {
        Assert.Null(_process);
        var start = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder.FullPath,
        };
        foreach (string argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _folder.FullPath })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < StartTimeout)
        {
            if (Answers())
            {
                return;
            }

            Assert.False(_process.HasExited, $"redis-server exited with code {(_process.HasExited ? _process.ExitCode : 0)}");
            Thread.Sleep(20);
        }

        Assert.Fail($"redis-server did not answer on {Address} within {StartTimeout}");
    }

    public void Dispose()
    {
        Kill();
        _folder.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            NetworkStream stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            Span<byte> reply = stackalloc byte[7];
            return stream.Read(reply) > 0 && reply.StartsWith("+PONG"u8);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Signal(string signal)
    {
        if (_process is { HasExited: false } process)
        {
            using Process kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            kill.WaitForExit();
        }
    }
}
