using System;
using System.IO;
using System.Net.Sockets;
using TicketKeys;
using TicketKeys.Samples.Tls;

namespace TicketServer;

/// <summary>Attaches the user's provider to the server's <c>SSL_CTX</c>; returns the attachment that detaches it on dispose.</summary>
internal delegate TicketKeyAttachment AttachProvider(TicketKeyRing ring, nint sslContext, TicketCallbackApi api);

/// <summary>
/// The server around the provider: a TLS server with its own OpenSSL binding (TicketKeys.Samples.Tls), its options,
/// certificate, key source and virtual hosts, serving or self-testing. Exit codes: 0 ok, 1 failure, 2 bad options or files.
/// </summary>
internal static class SampleServer
{
    public static int Run(string[] args, AttachProvider attachProvider)
    {
        ServerOptions options;
        try
        {
            options = ServerOptions.Parse(args);
        }
        catch (CommandLineException exception)
        {
            Console.Error.WriteLine($"TicketServer: {exception.Message} (see --help)");
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.WriteLine(ServerOptions.Usage);
            return 0;
        }

        ServerCertificate certificate;
        TicketKeySource keys;
        try
        {
            certificate = options.CertificatePath is null
                ? ServerCertificate.CreateSelfSigned()
                : ServerCertificate.Load(options.CertificatePath, options.PrivateKeyPath!);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"TicketServer: bad certificate: {exception.Message}");
            return 2;
        }
        catch (DllNotFoundException exception)
        {
            // The first OpenSSL call is here: without libssl.so.3/libcrypto.so.3 nothing else can work.
            Console.Error.WriteLine($"TicketServer: OpenSSL 3 is not available: {exception.Message}");
            return 1;
        }

        using (certificate)
        {
            try
            {
                keys = TicketKeySource.Open(options, Console.Error);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
            {
                Console.Error.WriteLine($"TicketServer: bad ticket keys: {exception.Message}");
                return 2;
            }

            using (keys)
            {
                try
                {
                    using ServerContext context = ServerContext.Create(certificate, options.OnlyVersion);
                    using VirtualHosts hosts = VirtualHosts.Create(certificate, options.OnlyVersion, options.ServerNames);
                    hosts.RouteFrom(context);

                    // The context a connection is created on serves its tickets, whatever SNI switches: attach there.
                    // Virtual hosts get per-host keys (PerHostTicketKeys) in place of the user's provider.
                    using var perHost = new PerHostTicketKeys(keys.Ring);
                    using TicketKeyAttachment attachment = options.ServerNames.Count > 0
                        ? perHost.AttachTo(context.Handle, options.CallbackApi)
                        : attachProvider(keys.Ring, context.Handle, options.CallbackApi);
                    Console.WriteLine($"ticket keys: {keys.Description}; OpenSSL callback: {attachment.Api}");
                    if (options.ServerNames.Count > 0)
                    {
                        Console.WriteLine($"virtual hosts: {string.Join(", ", options.ServerNames)} (one SSL_CTX each, per-host ticket keys)");
                    }

                    return options.SelfTest
                        ? SelfTest.Run(context, keys.Ring, options.OnlyVersion, Console.Out)
                        : Listener.Run(context, options.Listen!, Console.Out);
                }
                catch (Exception exception) when (exception is TlsSetupException or OpenSslUnavailableException or SocketException)
                {
                    Console.Error.WriteLine($"TicketServer: {exception.Message}");
                    return 1;
                }
            }
        }
    }
}
