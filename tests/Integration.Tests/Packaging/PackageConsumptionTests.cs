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
/// <c>dotnet build</c>, no project setting may turn into errors inside generated code, and a consumer's provider
/// resumes real TLS sessions.
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

    /// <summary>
    /// A consumer that declares a provider, attaches it to a real OpenSSL server context and resumes TLS 1.2 and TLS 1.3
    /// sessions in memory, with the samples' OpenSSL binding (samples/Tls) compiled in as linked source files, as a
    /// server brings its own binding; it counts the provider's resumptions on the TicketKeys meter.
    /// </summary>
    private const string ResumingConsumer = """
        using System;
        using System.Diagnostics.Metrics;
        using TicketKeys;
        using TicketKeys.Samples.Tls;

        long decisions = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "TicketKeys" && instrument.Name is "ticketkeys.tickets.resumed" or "ticketkeys.tickets.renewed")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => decisions += value);
        listener.Start();

        using var ring = new TicketKeyRing();
        using ServerCertificate certificate = ServerCertificate.CreateSelfSigned();
        int failures = 0;
        foreach (TlsVersion version in new[] { TlsVersion.Tls12, TlsVersion.Tls13 })
        {
            using ServerContext server = ServerContext.Create(certificate, version);
            using ClientContext client = ClientContext.Create(version);
            using TicketKeyAttachment attachment = new ConsumerTicketKeys(ring).AttachTo(server.Handle);
            long before = decisions;
            HandshakeResult first = MemoryHandshake.Connect(server, client);
            using ClientSession? session = first.Session;
            HandshakeResult second = MemoryHandshake.Connect(server, client, session);
            using ClientSession? next = second.Session;
            string ringKey = ring.GetEncryptionKey()!.NameHex;
            string ticketKey = session is { HasTicket: true } ? session.TicketKeyNameHex : "none";
            bool ok = first.Completed && !first.Resumed && second.Resumed && ticketKey == ringKey && decisions == before + 1;
            Console.WriteLine($"{version.ToDisplayString()}: first {(first.Resumed ? "resumed" : "full")}, second {(second.Resumed ? "resumed" : "full")}, ticket under {ticketKey}, ring key {ringKey}, provider resumptions {decisions - before}: {(ok ? "ok" : "FAIL")}");
            failures += ok ? 0 : 1;
        }

        return failures;

        [TicketKeyProvider]
        internal sealed partial class ConsumerTicketKeys(TicketKeyRing ring)
        {
            [EncryptionKey] private TicketKey? Current() => ring.GetEncryptionKey();
            [DecryptionKey] private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => ring.Find(keyName);
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

    [Fact]
    public void A_package_consumer_resumes_TLS_12_and_13_sessions_through_its_provider()
    {
        string tls = Path.Combine(ToolProcess.RepositoryRoot(), "samples", "Tls");
        (int built, string buildOutput) = package.Build(
            "resumes",
            "<Nullable>enable</Nullable><AllowUnsafeBlocks>true</AllowUnsafeBlocks><OutputType>Exe</OutputType>",
            ResumingConsumer,
            $"""<Compile Include="{tls}/*.cs" LinkBase="Tls" />""");
        Assert.True(built == 0, buildOutput);

        (int exitCode, string output) = package.Run("resumes");

        Assert.True(exitCode == 0, output);
        Assert.Contains("TLSv1.2: first full, second resumed", output, StringComparison.Ordinal);
        Assert.Contains("TLSv1.3: first full, second resumed", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split("provider resumptions 1: ok").Length - 1);
    }
    private static string[] DistinctDiagnostics(string output, string severity) =>
        output.Split('\n')
            .Where(line => line.Contains($": {severity} ", StringComparison.Ordinal))
            .Select(line => line.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToArray();
}
