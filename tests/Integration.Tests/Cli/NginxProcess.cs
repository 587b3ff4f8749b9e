using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using TicketKeys.Integration.Tests.Sample;
using TicketKeys.Integration.Tests.Support;
using Xunit;

namespace TicketKeys.Integration.Tests.Cli;

/// <summary>
/// A real nginx (<c>/usr/sbin/nginx</c>, Debian's nginx-light, installed by .ci/run) in a prefix folder of its own: one
/// TLS server per ticket key file on free 127.0.0.1 ports, tickets on, session cache off (so tickets are the only
/// resumption), one process (<c>master_process off</c>) killed on dispose.
/// </summary>
internal sealed class NginxProcess : IDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private const int StartAttempts = 3;

    private readonly Process _process;
    private readonly string _errorLog;

    private NginxProcess(Process process, string errorLog, IReadOnlyList<string> addresses)
    {
        _process = process;
        _errorLog = errorLog;
        Addresses = addresses;
    }

    /// <summary>"127.0.0.1:PORT" of each server, in the order given.</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>
    /// Starts nginx with a self-signed certificate and one server per <c>ssl_session_ticket_key</c> file, each with
    /// its extra directives (such as <c>ssl_session_timeout</c>).
    /// </summary>
    public static NginxProcess Start(TemporaryFolder folder, params (string KeyFile, string Directives)[] servers)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: apt-get install -y nginx-light (.ci/run does).");
        string prefix = folder.PathOf("nginx");
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));
        (int made, string madeOutput) = ToolProcess.Run("openssl", prefix, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=localhost");
        Assert.True(made == 0, madeOutput);

        // A port found free may be taken before nginx binds it: try again with new ports.
        for (int attempt = 1; ; attempt++)
        {
            int[] ports = FreePorts(servers.Length);
            File.WriteAllText(Path.Combine(prefix, "nginx.conf"), Configuration(prefix, servers, ports));
            var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in (string[])["-p", prefix + "/", "-c", Path.Combine(prefix, "nginx.conf")])
            {
                start.ArgumentList.Add(argument);
            }

            var nginx = new NginxProcess(Process.Start(start)!, Path.Combine(prefix, "error.log"),
                [.. ports.Select(port => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"))]);
            if (nginx.WaitUntilListening(ports))
            {
                return nginx;
            }

            string log = nginx.ErrorLog;
            nginx.Dispose();
            Assert.True(attempt < StartAttempts && log.Contains("Address already in use", StringComparison.Ordinal), $"nginx did not start: {log}");
        }
    }

    public string ErrorLog => File.Exists(_errorLog) ? File.ReadAllText(_errorLog) : "(no error log)";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        _process.Dispose();
    }

    private static string Configuration(string prefix, (string KeyFile, string Directives)[] servers, int[] ports)
    {
        var blocks = new StringBuilder();
        for (int i = 0; i < ports.Length; i++)
        {
            blocks.Append(CultureInfo.InvariantCulture, $$"""
                  server {
                    listen 127.0.0.1:{{ports[i]}} ssl;
                    ssl_session_ticket_key {{servers[i].KeyFile}};
                    {{servers[i].Directives}}
                    location / { return 200 "nginx\n"; }
                  }

                """);
        }

        string temp = Path.Combine(prefix, "temp");
        return $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log notice;
            events { worker_connections 64; }
            http {
              access_log off;
              client_body_temp_path {{temp}}/body;
              proxy_temp_path {{temp}}/proxy;
              fastcgi_temp_path {{temp}}/fastcgi;
              uwsgi_temp_path {{temp}}/uwsgi;
              scgi_temp_path {{temp}}/scgi;
              ssl_certificate {{prefix}}/cert.pem;
              ssl_certificate_key {{prefix}}/key.pem;
              ssl_protocols TLSv1.2 TLSv1.3;
              ssl_session_cache off;
              ssl_session_tickets on;
            {{blocks}}}
            """;
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            Array.ForEach(listeners, listener => listener.Start());
            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            Array.ForEach(listeners, listener => listener.Stop());
        }
    }

    private bool WaitUntilListening(int[] ports)
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < StartTimeout && !_process.HasExited)
        {
            if (ports.All(Accepts))
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return false;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
