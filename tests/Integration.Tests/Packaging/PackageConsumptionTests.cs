using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using TicketKeys.Integration.Tests.Support;
using Xunit;

namespace TicketKeys.Integration.Tests.Packaging;

/// <summary>
/// Packs the runtime (with generator, analyzers and code fixes under analyzers/dotnet/cs) once and builds projects that
/// consume it as a PackageReference, as a new user would: the generator must run, the diagnostics must reach
/// <c>dotnet build</c>, and no project setting may turn into errors inside generated code.
/// </summary>
[Collection(RepositoryBuildCollection.Name)]
public sealed class PackageConsumptionTests(PackedRuntime package) : IClassFixture<PackedRuntime>
{
    /// <summary>The README's provider, and a call to its AttachTo.</summary>
    private const string ReadmeProvider = """
        using System;
        using TicketKeys;

        namespace Consumer;

        [TicketKeyProvider]
        internal sealed partial class ServerTicketKeys
        {
            private readonly TicketKeyRing _ring;

            public ServerTicketKeys(TicketKeyRing ring) => _ring = ring;

            [EncryptionKey]
            private TicketKey? CurrentKey() => _ring.GetEncryptionKey();

            [DecryptionKey]
            private TicketKeyLookup FindKey(ReadOnlySpan<byte> keyName) => _ring.Find(keyName);
        }

        internal static class Wiring
        {
            public static TicketKeyAttachment Attach(TicketKeyRing ring, nint sslContext) => new ServerTicketKeys(ring).AttachTo(sslContext);
        }
        """;

    [Fact]
    public void The_package_holds_both_runtimes_the_Roslyn_components_docs_licence_and_readme_and_has_symbols()
    {
        using System.IO.Compression.ZipArchive archive = System.IO.Compression.ZipFile.OpenRead(package.PackagePath);
        string[] entries = archive.Entries.Select(entry => entry.FullName).ToArray();

        Assert.Contains("lib/net8.0/TicketKeys.dll", entries);
        Assert.Contains("lib/net8.0/TicketKeys.xml", entries);
        Assert.Contains("lib/net10.0/TicketKeys.dll", entries);
        Assert.Contains("lib/net10.0/TicketKeys.xml", entries);
        Assert.Contains("analyzers/dotnet/cs/TicketKeys.Generator.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/TicketKeys.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/TicketKeys.Analyzers.CodeFixes.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        string nuspec = new StreamReader(archive.GetEntry("TicketKeys.nuspec")!.Open()).ReadToEnd();
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<repository type=\"git\" url=\"https://github.com/", nuspec, StringComparison.Ordinal);
        Assert.True(File.Exists(package.SymbolsPackagePath), "no .snupkg beside the package");
    }

    [Fact]
    public void Without_AllowUnsafeBlocks_the_build_shows_exactly_one_error_TKP002_naming_the_fix()
    {
        (int built, string output) = package.Build("no-unsafe", "<Nullable>enable</Nullable>", ReadmeProvider);

        Assert.NotEqual(0, built);
        string[] errors = DistinctDiagnostics(output, "error");
        string error = Assert.Single(errors);
        Assert.Contains("error TKP002", error, StringComparison.Ordinal);
        Assert.Contains("add <AllowUnsafeBlocks>true</AllowUnsafeBlocks> to the project file", error, StringComparison.Ordinal);
        Assert.Contains("Program.cs", error, StringComparison.Ordinal);
        Assert.DoesNotContain(".g.cs", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS0227", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS1061", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nullable-disabled", "<Nullable>disable</Nullable>")]
    [InlineData("csharp-10", "<LangVersion>10</LangVersion><Nullable>enable</Nullable>")]
    [InlineData("warnings-as-errors-all-rules", "<TreatWarningsAsErrors>true</TreatWarningsAsErrors><AnalysisLevel>latest-all</AnalysisLevel><GenerateDocumentationFile>true</GenerateDocumentationFile><Nullable>enable</Nullable>")]
    [InlineData("implicit-usings", "<ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable>")]
    [InlineData("no-implicit-usings", "<ImplicitUsings>disable</ImplicitUsings><Nullable>enable</Nullable>")]
    public void Project_settings_never_turn_into_diagnostics_in_generated_code(string name, string properties)
    {
        // With nullable disabled the provider's own 'TicketKey?' earns CS8632 in the user's file: say so, and nothing else.
        string provider = properties.Contains("<Nullable>disable", StringComparison.Ordinal)
            ? "#nullable enable\n" + ReadmeProvider
            : ReadmeProvider;

        (int built, string output) = package.Build(name, properties + "<AllowUnsafeBlocks>true</AllowUnsafeBlocks>", provider);

        Assert.True(built == 0, output);
        Assert.Empty(DistinctDiagnostics(output, "error"));
        Assert.Empty(DistinctDiagnostics(output, "warning"));
    }

    [Fact]
    public void A_package_consumer_gets_generated_providers_and_TicketKeys_diagnostics()
    {
        (int built, string buildOutput) = package.Build("diagnostics", "<Nullable>enable</Nullable><AllowUnsafeBlocks>true</AllowUnsafeBlocks>", """
            using System;
            using TicketKeys;

            namespace Consumer;

            [TicketKeyProvider]
            public sealed partial class GoodKeys(TicketKeyRing ring)
            {
                [EncryptionKey] private TicketKey? Current() => ring.GetEncryptionKey();
                [DecryptionKey] private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => ring.Find(keyName);

                public TicketKeyAttachment Attach(nint sslContext) => AttachTo(sslContext);
            }

            [TicketKeyProvider]
            public sealed class NotPartialKeys
            {
                [EncryptionKey] private TicketKey? Current() => null;
                [DecryptionKey] private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => TicketKeyLookup.UnknownKey;
            }

            public static unsafe partial class HandWritten
            {
                [System.Runtime.InteropServices.LibraryImport("libcrypto.so.3", EntryPoint = "RAND_bytes")]
                private static partial int RandBytes(byte* buffer, int length);

                public static void FillIv(byte* iv) => RandBytes(iv, 16);
            }
            """);

        // TKP001 is an error and fails the build; the generated AttachTo of the valid provider still compiled.
        Assert.NotEqual(0, built);
        Assert.Contains("error TKP001", buildOutput, StringComparison.Ordinal);
        Assert.Contains("warning TKP004", buildOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("CS1061", buildOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("CS0103", buildOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("CS9057", buildOutput, StringComparison.Ordinal);
    }

    private static string[] DistinctDiagnostics(string output, string severity) =>
        output.Split('\n')
            .Where(line => line.Contains($": {severity} ", StringComparison.Ordinal))
            .Select(line => line.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToArray();
}
