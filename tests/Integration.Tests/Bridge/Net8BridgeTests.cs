using System;
using System.IO;
using TicketKeys.Integration.Tests.Sample;
using TicketKeys.Integration.Tests.Support;
using Xunit;

namespace TicketKeys.Integration.Tests.Bridge;

/// <summary>
/// The bridge on .NET 8: SslStreamBridgeServer published self-contained for net8.0 (only the .NET 10 shared runtime is
/// installed; the .NET 8 runtime pack is restored like any package) and resumed by <c>s_client</c>, TLS 1.2 and 1.3.
/// </summary>
public sealed class Net8BridgeTests : IDisposable
{
    private readonly BridgeServerFiles _files = new();
    private readonly TemporaryFolder _published = new();

    [Fact]
    public void On_dotnet_8_a_session_resumes_through_the_ring_after_the_attach()
    {
        string root = ToolProcess.RepositoryRoot();
        (int exitCode, string output) = ToolProcess.Run(
            "dotnet",
            root,
            "publish",
            Path.Combine(root, "tests", "SslStreamBridgeServer", "SslStreamBridgeServer.csproj"),
            "-c", "Debug", "-f", "net8.0", "-r", "linux-x64", "--self-contained", "-o", _published.FullPath);
        Assert.True(exitCode == 0, output);

        using var server = BridgeServerProcess.StartBinary(_published.PathOf("SslStreamBridgeServer"), _files.Arguments());
        Assert.Contains("runtime: .NET 8.0.", server.Output, StringComparison.Ordinal);
        foreach (string version in (string[])["-tls1_2", "-tls1_3"])
        {
            string session = _files.PathOf($"session{version}.pem");
            SslStreamConnection warmUp = SslStreamClient.Connect(server.Address, version);
            SslStreamClient.Connect(server.Address, version, sessionOut: session);
            SslStreamConnection resuming = SslStreamClient.Connect(server.Address, version, sessionIn: session);

            Assert.True(warmUp.Greeting.EndsWith("full handshake", StringComparison.Ordinal), warmUp.Transcript);
            Assert.True(resuming.ClientReused, resuming.Transcript);
            Assert.True(
                resuming.Greeting.EndsWith($"attach=AlreadyAttached resumed under key {_files.KeyName}", StringComparison.Ordinal),
                resuming.Transcript);
        }
    }

    public void Dispose()
    {
        _published.Dispose();
        _files.Dispose();
    }
}
