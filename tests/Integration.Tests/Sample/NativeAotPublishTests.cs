using System;
using System.IO;
using System.Linq;
using TicketKeys.Integration.Tests.Support;
using Xunit;

namespace TicketKeys.Integration.Tests.Sample;

/// <summary>
/// The sample published as a NativeAOT binary with the README's command: no trimming or AOT warning, and its
/// self-test (real handshakes through the generated callbacks) passes as that binary.
/// </summary>
[Collection(RepositoryBuildCollection.Name)]
public sealed class NativeAotPublishTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("ticketkeys-aot-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public void The_sample_publishes_as_a_native_binary_without_warnings_and_passes_its_self_test()
    {
        (int published, string publishOutput) = ToolProcess.Run("dotnet", ToolProcess.RepositoryRoot(), "publish", "samples/TicketServer", "-c", "Release", "-r", "linux-x64", "-o", _output);

        Assert.True(published == 0, publishOutput);
        string[] warnings = publishOutput.Split('\n').Where(line => line.Contains(" warning ", StringComparison.Ordinal)).ToArray();
        Assert.True(warnings.Length == 0, string.Join('\n', warnings));
        string binary = Path.Combine(_output, "TicketServer");
        Assert.False(File.Exists(Path.Combine(_output, "TicketServer.dll")), "the publish produced a managed assembly, not a native binary");

        (int selfTest, string selfTestOutput) = ToolProcess.Run(binary, _output, "--self-test");

        Assert.True(selfTest == 0, selfTestOutput);
        Assert.Contains("self-test passed", selfTestOutput, StringComparison.Ordinal);
    }
}
