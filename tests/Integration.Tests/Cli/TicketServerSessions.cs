using System;
using System.IO;
using TicketKeys.Integration.Tests.Sample;
using Xunit;

namespace TicketKeys.Integration.Tests.Cli;

/// <summary>
/// Sessions saved with <c>openssl s_client -sess_out</c> from the sample server, TLS 1.2 and 1.3, under an nginx80 and an
/// nginx48 key file (read with <c>--key-format</c>); the servers are stopped once the sessions are saved.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TicketServerSessions : IDisposable
{
    public static readonly string[] Formats = ["nginx80", "nginx48"];

    public static readonly string[] Versions = ["1.2", "1.3"];

    private readonly TemporaryFolder _folder = new();

    public TicketServerSessions()
    {
        foreach (string format in Formats)
        {
            string keyFile = KeyFile(format);
            using TicketKey key = TicketKey.Generate(
                TicketKeyWindow.Unbounded,
                format == "nginx48" ? TicketCipher.Aes128Cbc : TicketCipher.Aes256Cbc,
                hmacKeyLength: format == "nginx48" ? 16 : 32);
            TicketKeyFile.Write(keyFile, format == "nginx48" ? TicketKeyFileFormat.Nginx48 : TicketKeyFileFormat.Nginx80, [key]);
            using TicketServerProcess server = TicketServerProcess.Start("--key-file", keyFile, "--key-format", format);
            foreach (string version in Versions)
            {
                ProcessOutcome saved = OpenSslClient.Connect(
                    server.Address, OpenSslClient.GreetingReceived, VersionOption(version), "-sess_out", Session(format, version));
                Assert.True(File.Exists(Session(format, version)), saved.ToString());
            }
        }
    }

    public string FolderPath => _folder.FullPath;

    public static string VersionOption(string version) => "-tls" + version.Replace('.', '_');

    public string KeyFile(string format) => _folder.PathOf(format + ".key");

    public string Session(string format, string version) => _folder.PathOf($"{format}-tls{version}.pem");

    public string PathOf(string fileName) => _folder.PathOf(fileName);

    public void Dispose() => _folder.Dispose();
}
