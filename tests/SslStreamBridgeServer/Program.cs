using System;
using System.Security.Cryptography.X509Certificates;
using TicketKeys;
using TicketKeys.Samples.Tls;

// SslStreamBridgeServer --cert PEM --key PEM --key-file NGINX_KEY [--session-id-context TEXT]
// Prints "runtime: <.NET version>" and "listening on 127.0.0.1:PORT", then serves until stdin closes. Every connection
// gets one line "SslStreamServer: TLSv1.x attach=<status> <resumption>". The bridge's warning, if any, goes to stderr.
string? Option(string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

string certificatePath = Option("--cert") ?? throw new ArgumentException("--cert PEM is required");
string privateKeyPath = Option("--key") ?? throw new ArgumentException("--key PEM is required");
string keyFile = Option("--key-file") ?? throw new ArgumentException("--key-file PATH is required");

TicketKeysDiagnostics.SslStreamBridgeUnsupported += reason => Console.Error.WriteLine("warning: " + reason);
TicketKeysDiagnostics.SslStreamAttachFailed += exception => Console.Error.WriteLine("attach failed: " + exception.Message);

using X509Certificate2 certificate = X509Certificate2.CreateFromPemFile(certificatePath, privateKeyPath);
using TicketKeyRing ring = TicketKeyRing.FromKeys([NginxTicketKeyFile.Read(keyFile, KeyFilePermissions.Ignore)]);
using var ticketKeys = new SslStreamTicketKeys(ring, new SslStreamTicketKeysOptions { SessionIdContext = Option("--session-id-context") });
using var server = new SslStreamServer(certificate, ticketKeys);
Console.WriteLine("runtime: " + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
Console.WriteLine("listening on " + server.Address);
while (Console.In.ReadLine() is not null)
{
}
