using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.AspNetCore;
using TicketKeys.Integration.Tests.Sample;
using Xunit;

namespace TicketKeys.Integration.Tests.Kestrel;

/// <summary>In-process: the TicketKeys configuration section, the container registration, and Kestrel on port 0.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TicketKeysRegistrationTests
{
    [Fact]
    public void The_TicketKeys_section_binds_every_option()
    {
        using ServiceProvider services = Register(new()
        {
            ["TicketKeys:KeyFiles:0"] = "/keys/current.key",
            ["TicketKeys:KeyFiles:1"] = "/keys/previous.key",
            ["TicketKeys:KeyFormat"] = "haproxy",
            ["TicketKeys:SessionIdContext"] = "shop-frontend",
            ["TicketKeys:WarmUp"] = "false",
        });

        TicketKeysOptions options = services.GetRequiredService<IOptions<TicketKeysOptions>>().Value;

        Assert.Equal(["/keys/current.key", "/keys/previous.key"], options.KeyFiles);
        Assert.Equal(TicketKeyFileFormat.HAProxy, options.KeyFormat);
        Assert.Equal("shop-frontend", options.SessionIdContext);
        Assert.False(options.WarmUp);
        Assert.Null(options.KeyDirectory);
    }

    [Fact]
    public void An_unknown_key_format_is_named_with_its_configuration_key()
    {
        using ServiceProvider services = Register(new() { ["TicketKeys:KeyFiles:0"] = "/keys/a.key", ["TicketKeys:KeyFormat"] = "nginx64" });

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IOptions<TicketKeysOptions>>().Value);

        Assert.Contains("TicketKeys:KeyFormat is 'nginx64'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_configured_keys_is_a_clear_error()
    {
        using ServiceProvider services = Register([]);

        var error = Assert.Throws<InvalidOperationException>(services.GetRequiredService<KestrelTicketKeys>);

        Assert.Contains("set TicketKeys:KeyDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_over_a_ring_of_ones_own_registered_before_are_kept_and_the_options_still_bound()
    {
        using var ring = new TicketKeyRing(TicketKeyRotationPolicy.Default);
        using var own = new KestrelTicketKeys(ring);
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["TicketKeys:WarmUp"] = "false" }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(own);
        services.AddTicketKeys(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<KestrelTicketKeys>());
        Assert.False(provider.GetRequiredService<IOptions<TicketKeysOptions>>().Value.WarmUp);
    }

    [Fact]
    public void The_key_folder_is_read_with_the_containers_clock()
    {
        using var keys = new TemporaryFolder();
        DateTimeOffset start = DateTimeOffset.UtcNow.AddMinutes(-1);
        keys.WriteKey(TicketKeyDirectory.FileNameFor(start));
        var fresh = new FakeTimeProvider(start.AddHours(1));
        var expired = new FakeTimeProvider(start.AddDays(8));

        using ServiceProvider freshServices = Register(new() { ["TicketKeys:KeyDirectory"] = keys.FullPath }, fresh);
        using ServiceProvider expiredServices = Register(new() { ["TicketKeys:KeyDirectory"] = keys.FullPath }, expired);

        Assert.Single(freshServices.GetRequiredService<KestrelTicketKeys>().Ring.Keys);
        var error = Assert.Throws<TicketKeyFileException>(expiredServices.GetRequiredService<KestrelTicketKeys>);
        Assert.Contains($"Ticket key folder '{keys.FullPath}' holds no valid key file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kestrel_attaches_the_keys_at_start_and_tells_each_request_about_its_connection()
    {
        using var keys = new TemporaryFolder();
        keys.WriteKey(TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddMinutes(-1)));
        using X509Certificate2 certificate = LoadCertificate();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["TicketKeys:KeyDirectory"] = keys.FullPath });
        builder.Services.AddTicketKeys(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate).UseTicketKeys()));
        await using WebApplication app = builder.Build();
        app.MapGet("/", (HttpContext context) => context.Features.Get<ITicketKeysConnectionFeature>() is { } feature
            ? $"resumed={feature.Resumed} fleet={feature.FleetKeys}"
            : "no feature");

        await app.StartAsync();
        int attachedAtStart = app.Services.GetRequiredService<KestrelTicketKeys>().AttachedContextCount;
        string address = app.Urls.Single();
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var client = new HttpClient(handler);
        string answer = await client.GetStringAsync(new Uri(address));
        using var http2 = new HttpRequestMessage(HttpMethod.Get, new Uri(address)) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using HttpResponseMessage http2Response = await client.SendAsync(http2);
        string http2Answer = await http2Response.Content.ReadAsStringAsync();
        int attachedAfterRequests = app.Services.GetRequiredService<KestrelTicketKeys>().AttachedContextCount;
        await app.StopAsync();

        Assert.Equal(1, attachedAtStart);
        Assert.Equal("resumed=False fleet=True", answer);
        Assert.Equal(HttpVersion.Version20, http2Response.Version);
        Assert.Equal("resumed=False fleet=True", http2Answer);

        // h2 and http/1.1 (and the warm-up, without ALPN) share one SSL_CTX here, so the start-up attach covers both.
        Assert.Equal(1, attachedAfterRequests);
    }

    private static ServiceProvider Register(Dictionary<string, string?> settings, TimeProvider? time = null)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddTicketKeys(configuration);
        return services.BuildServiceProvider();
    }

    private static X509Certificate2 LoadCertificate()
    {
        string work = Directory.CreateTempSubdirectory("ticketkeys-cert-").FullName;
        try
        {
            (string certificate, string key) = CertificateFiles.Write(work);
            return X509Certificate2.CreateFromPemFile(certificate, key);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
