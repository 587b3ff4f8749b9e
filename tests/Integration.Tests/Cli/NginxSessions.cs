using System;
using System.IO;
using TicketKeys.Integration.Tests.Sample;
using Xunit;

namespace TicketKeys.Integration.Tests.Cli;

/// <summary>
/// Sessions saved with <c>openssl s_client -sess_out</c> from a real nginx, TLS 1.2 and 1.3, under a 48-byte and an
/// 80-byte <c>ssl_session_ticket_key</c> file written by <c>ticketkeys new</c>; nginx is stopped once they are saved.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NginxSessions : IDisposable
{
    public static readonly string[] Formats = ["nginx80", "nginx48"];

    public static readonly string[] Versions = ["1.2", "1.3"];

    private readonly TemporaryFolder _folder = new();

    public NginxSessions()
    {
        foreach (string format in Formats)
        {
            (int made, string output) = TicketKeysTool.Run(_folder.FullPath, "new", "--format", format, "--out", KeyFile(format));
            Assert.True(made == 0, output);
        }

        using NginxProcess nginx = NginxProcess.Start(
            _folder, (KeyFile("nginx80"), string.Empty), (KeyFile("nginx48"), string.Empty), (KeyFile("nginx80"), "ssl_session_timeout 1s;"));
        // First the session that must outlive its 1-second timeout, so that the others take that time.
        Save(nginx, 2, ShortTimeoutSession, "1.2");
        for (int server = 0; server < Formats.Length; server++)
        {
            foreach (string version in Versions)
            {
                Save(nginx, server, Session(Formats[server], version), version);
            }
        }
    }

    /// <summary>A TLS 1.2 session from a server with <c>ssl_session_timeout 1s</c> and the nginx80 key, saved first.</summary>
    public string ShortTimeoutSession => _folder.PathOf("nginx-timeout-1s.pem");

    public string KeyFile(string format) => _folder.PathOf(format + ".key");

    public string Session(string format, string version) => _folder.PathOf($"nginx-{format}-tls{version}.pem");

    public void Dispose() => _folder.Dispose();

    private static void Save(NginxProcess nginx, int server, string session, string version)
    {
        ProcessOutcome saved = OpenSslClient.Connect(
            nginx.Addresses[server], output => TicketArrived(output, version), TicketServerSessions.VersionOption(version), "-sess_out", session);
        Assert.True(File.Exists(session), $"{saved}\nnginx error log:\n{nginx.ErrorLog}");
    }

    /// <summary>
    /// nginx sends nothing by itself: wait until s_client has printed the session with its ticket (TLS 1.2: in the
    /// handshake; TLS 1.3: after it), then s_client quits on end of input, having written -sess_out.
    /// </summary>
    private static bool TicketArrived(string output, string version) => output.Contains(
        version == "1.3" ? "Post-Handshake New Session Ticket arrived" : "TLS session ticket:", StringComparison.Ordinal);
}
