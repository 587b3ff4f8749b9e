using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using Xunit;

namespace TicketKeys.Integration.Tests.Packaging;

/// <summary>
/// Packs the runtime (with generator, analyzers and code fixes under analyzers/dotnet/cs) and builds a project that
/// consumes it as a PackageReference: the generator must run and the diagnostics must reach <c>dotnet build</c>.
/// </summary>
public sealed class PackageConsumptionTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("ticketkeys-package-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void A_package_consumer_gets_generated_providers_and_TicketKeys_diagnostics()
    {
        string version = $"0.1.0-test{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        string feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        string consumer = Directory.CreateDirectory(Path.Combine(_work, "consumer")).FullName;
        string configuration = typeof(PackageConsumptionTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

        (int packed, string packOutput) = Dotnet(
            RepositoryRoot(), $"pack src/Runtime/TicketKeys.csproj -c {configuration} -p:Version={version} -o \"{feed}\"");
        Assert.True(packed == 0, packOutput);

        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                <RestorePackagesPath>{Path.Combine(_work, "packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TicketKeys" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Providers.cs"), """
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

        (int built, string buildOutput) = Dotnet(consumer, "build -nologo");

        // TKP001 is an error and fails the build; the generated AttachTo of the valid provider still compiled.
        Assert.NotEqual(0, built);
        Assert.Contains("error TKP001", buildOutput, StringComparison.Ordinal);
        Assert.Contains("warning TKP004", buildOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("CS1061", buildOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("CS0103", buildOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("CS9057", buildOutput, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Generators.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Generators.sln not found above " + AppContext.BaseDirectory);
    }

    private static (int ExitCode, string Output) Dotnet(string workingDirectory, string arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");

        using Process process = Process.Start(start)!;
        System.Threading.Tasks.Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), $"dotnet {arguments} did not finish within 3 minutes");
        return (process.ExitCode, output + error.Result);
    }
}
