using System;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TicketKeys.AspNetCore;

/// <summary>Registers <see cref="KestrelTicketKeys"/> with the application's services.</summary>
public static class TicketKeysServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="KestrelTicketKeys"/> singleton read from the <c>TicketKeys</c> section of
    /// <paramref name="configuration"/> (<see cref="TicketKeysOptions"/>), with the <see cref="TimeProvider"/> and
    /// <see cref="ILogger"/> of the container. The keys are opened when the host starts, which fails with the path and
    /// the problem when they cannot be read. Attach them with <see cref="TicketKeysKestrelExtensions"/>. A
    /// <see cref="KestrelTicketKeys"/> registered before this call (over a ring of your own, such as one fed from a store)
    /// is kept: then only the options (<see cref="TicketKeysOptions.WarmUp"/>) and the start-up handshake are added.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The configuration root (the section <c>TicketKeys</c> is read from it).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddTicketKeys(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection(TicketKeysOptions.SectionName);
        return services.AddTicketKeys(options => Bind(section, options));
    }

    /// <summary>
    /// Registers a <see cref="KestrelTicketKeys"/> singleton configured in code; one registered before this call is kept,
    /// as with the configuration overload.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddTicketKeys(this IServiceCollection services, Action<TicketKeysOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TicketKeysOptions>().Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static provider => KestrelTicketKeys.Open(
            provider.GetRequiredService<IOptions<TicketKeysOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<KestrelTicketKeys>>()));
        services.AddHostedService<TicketKeysStartup>();
        return services;
    }

    /// <summary>Reads the section by hand rather than by reflection, so that a bad value is named in the error and trimming is safe.</summary>
    private static void Bind(IConfigurationSection section, TicketKeysOptions options)
    {
        options.KeyDirectory = section[nameof(TicketKeysOptions.KeyDirectory)] is { Length: > 0 } folder ? folder : options.KeyDirectory;
        foreach (string path in section.GetSection(nameof(TicketKeysOptions.KeyFiles)).GetChildren()
            .Select(child => child.Value).OfType<string>().Where(path => path.Length > 0))
        {
            options.KeyFiles.Add(path);
        }

        if (section[nameof(TicketKeysOptions.KeyFormat)] is { Length: > 0 } format)
        {
            options.KeyFormat = Enum.TryParse(format, ignoreCase: true, out TicketKeyFileFormat parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new InvalidOperationException(
                    $"{section.Path}:{nameof(TicketKeysOptions.KeyFormat)} is '{format}'; expected one of {string.Join(", ", Enum.GetNames<TicketKeyFileFormat>())}.");
        }

        options.SessionIdContext = section[nameof(TicketKeysOptions.SessionIdContext)] is { Length: > 0 } context ? context : options.SessionIdContext;
        if (section[nameof(TicketKeysOptions.WarmUp)] is { Length: > 0 } warmUp)
        {
            options.WarmUp = bool.TryParse(warmUp, out bool parsed)
                ? parsed
                : throw new InvalidOperationException($"{section.Path}:{nameof(TicketKeysOptions.WarmUp)} is '{warmUp}'; expected true or false.");
        }
    }
}
