using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using KestrelFleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TicketKeys;
using TicketKeys.AspNetCore;

FleetOptions options;
try
{
    options = FleetOptions.Parse(args);
}
catch (FormatException exception)
{
    Console.Error.WriteLine($"KestrelFleet: {exception.Message}");
    Console.Error.WriteLine(FleetOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(FleetOptions.Usage);
    return 0;
}

X509Certificate2 certificate;
try
{
    certificate = ServerCertificates.Load(options);
}
catch (Exception exception) when (exception is CryptographicException or IOException)
{
    Console.Error.WriteLine($"KestrelFleet: the certificate cannot be loaded: {exception.Message}");
    return 3;
}

try
{
    using (certificate)
    using (RedisFleetKeys? redis = options.Redis is null ? null : await RedisFleetKeys.ConnectAsync(options, Console.Error))
    {
        if (redis is not null)
        {
            Console.WriteLine($"KestrelFleet: ticket keys: {redis.Description}");
        }

        await ServeAsync(options, certificate, redis?.Ring);
    }

    return 0;
}
catch (Exception exception) when (exception is TicketKeyFileException or InvalidOperationException or IOException)
{
    // A missing or broken key folder, a KEK file that cannot be read, a Redis that cannot be reached or whose keys the
    // KEK does not open (TicketKeyStoreException): the server stops at start, with the path or the Redis and the problem.
    Console.Error.WriteLine($"KestrelFleet: cannot start: {exception.Message}");
    return 3;
}

static async Task ServeAsync(FleetOptions options, X509Certificate2 certificate, TicketKeyRing? fleetRing)
{
    WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
    builder.Configuration.AddInMemoryCollection(options.ToConfiguration());
    if (fleetRing is not null)
    {
        // A ring from outside (here fed from Redis), registered before AddTicketKeys, which then keeps it and adds only
        // the options and the start-up handshake. The ring is not the container's to dispose.
        builder.Services.AddSingleton(services => new KestrelTicketKeys(
            fleetRing,
            logger: services.GetRequiredService<ILogger<KestrelTicketKeys>>(),
            time: services.GetRequiredService<TimeProvider>()));
    }

    // The TicketKeys section: TicketKeys:KeyDirectory or TicketKeys:KeyFiles (here from the command line), WarmUp.
    builder.Services.AddTicketKeys(builder.Configuration);
    builder.WebHost.ConfigureKestrel(kestrel =>
    {
        foreach (IPEndPoint endpoint in options.Endpoints)
        {
            kestrel.Listen(endpoint, listen => listen.UseHttps(certificate).UseTicketKeys());
        }
    });

    await using WebApplication app = builder.Build();
    app.MapGet("/", (HttpContext context) => Describe(context));
    await app.StartAsync();
    foreach (string address in app.Urls)
    {
        Console.WriteLine($"KestrelFleet: listening on {address}");
    }

    await app.WaitForShutdownAsync();
}

static string Describe(HttpContext context)
{
    SslProtocols protocol = context.Features.Get<ITlsHandshakeFeature>()?.Protocol ?? SslProtocols.None;
    ITicketKeysConnectionFeature? keys = context.Features.Get<ITicketKeysConnectionFeature>();
    string version = protocol switch
    {
        SslProtocols.Tls12 => "TLSv1.2",
        SslProtocols.Tls13 => "TLSv1.3",
        _ => protocol.ToString(),
    };
    string resumption = keys switch
    {
        { Resumed: true, ResumedKeyNameHex: { } key } => $"resumed (key {key})",
        { Resumed: true } => "resumed",
        _ => "full handshake",
    };
    return $"KestrelFleet: {version}, {resumption}, fleet keys {(keys?.FleetKeys == true ? "on" : "off")}\n";
}
