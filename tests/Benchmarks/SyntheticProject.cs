using System.Collections.Generic;
using System.IO;

namespace TicketKeys.Benchmarks;

/// <summary>
/// Writes synthetic sources as a real project that consumes TicketKeys as the sample server does: the runtime as a
/// project reference, the generator and the analyzers as analyzer references built from this repository.
/// </summary>
internal static class SyntheticProject
{
    /// <summary>Writes the project into <paramref name="directory"/> and returns the path of its project file.</summary>
    public static string Write(string directory, string name, IEnumerable<(string Name, string Text)> sources, string repository)
    {
        Directory.CreateDirectory(directory);
        foreach ((string fileName, string text) in sources)
        {
            File.WriteAllText(Path.Combine(directory, fileName), text);
        }

        string source = Path.Combine(repository, "src");
        string projectFile = Path.Combine(directory, name + ".csproj");
        File.WriteAllText(projectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{source}/Runtime/TicketKeys.csproj" />
                <ProjectReference Include="{source}/Generator/TicketKeys.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                <ProjectReference Include="{source}/Analyzers/TicketKeys.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """);
        return projectFile;
    }
}
