using System;
using System.IO;

namespace TicketKeys.Analyzers.Tests.Infrastructure;

/// <summary>Finds files of the repository the tests run from.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Generators.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Generators.sln above {AppContext.BaseDirectory}.");
    }
}
