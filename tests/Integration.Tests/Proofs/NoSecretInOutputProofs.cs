using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using TicketKeys.Integration.Tests.Callback;
using TicketKeys.Integration.Tests.Sample;
using TicketKeys.Samples.Tls;
using Xunit;
using Xunit.Abstractions;

namespace TicketKeys.Integration.Tests.Proofs;

/// <summary>
/// Key bytes (raw, hex, base64) appear nowhere a user or operator can see: the sample's stdout and stderr (self-test,
/// served connections, bad key files), exception messages, ToString, key folder problems, metric tags and the
/// generator's snapshot files.
/// </summary>
[Collection(CallbackTestCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class NoSecretInOutputProofs : IClassFixture<CertificateFixture>
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    private readonly ServerCertificate _certificate;
    private readonly ITestOutputHelper _output;
    private readonly byte[] _keyFile = RandomNumberGenerator.GetBytes(80);
    private readonly SecretScanner _scanner;

    public NoSecretInOutputProofs(CertificateFixture fixture, ITestOutputHelper output)
    {
        _certificate = fixture.Certificate;
        _output = output;
        // The 80-byte layout: name, HMAC key (32), AES key (32).
        _scanner = new SecretScanner([_keyFile[16..48], _keyFile[48..80]]);
    }

    [Fact]
    public void The_sample_never_prints_key_bytes()
    {
        ProcessOutcome selfTest = TicketServerProcess.Run(ProcessTimeout, "--self-test");
        Assert.True(selfTest.ExitCode == 0, selfTest.ToString());
        SecretScanner.AssertNoKeyLikeRuns("self-test stdout", selfTest.Output);
        SecretScanner.AssertNoKeyLikeRuns("self-test stderr", selfTest.Errors);

        using var folder = new TemporaryFolder();
        string keyPath = WriteOwnerOnly(folder.PathOf(TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddMinutes(-5))), _keyFile);
        using (TicketServerProcess server = TicketServerProcess.Start("--key-file", keyPath))
        {
            ProcessOutcome client = OpenSslClient.Connect(server.Address, OpenSslClient.GreetingReceived, "-tls1_2");
            Assert.True(client.ExitCode == 0, client.ToString());
            server.Dispose();
            _scanner.AssertClean("served stdout", server.Output);
            _scanner.AssertClean("served stderr", server.Errors);
        }

        // Bad files made of the key's own bytes: the errors name files and sizes, never contents.
        string oversized = WriteOwnerOnly(folder.PathOf("oversized.key"), [.. _keyFile, 0x0A]);
        string loose = WriteOwnerOnly(folder.PathOf(TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddMinutes(-4))), _keyFile[..79]);
        File.SetUnixFileMode(loose, (UnixFileMode)Convert.ToInt32("644", 8));
        ProcessOutcome badFile = TicketServerProcess.Run(ProcessTimeout, "--listen", "127.0.0.1:0", "--key-file", oversized);
        Assert.Equal(2, badFile.ExitCode);
        _scanner.AssertClean("bad key file stdout", badFile.Output);
        _scanner.AssertClean("bad key file stderr", badFile.Errors);
        using (TicketServerProcess server = TicketServerProcess.Start("--key-dir", folder.FullPath))
        {
            server.Dispose();
            Assert.Contains("mode 0644", server.Errors + server.Output, StringComparison.Ordinal);
            _scanner.AssertClean("key folder stdout", server.Output);
            _scanner.AssertClean("key folder stderr", server.Errors);
        }

        _output.WriteLine($"Sample output: {_scanner.TextsScanned} texts scanned for key bytes, plus the self-test for key-like runs; none found.");
    }

    [Fact]
    public void Exceptions_ToString_folder_problems_metric_tags_and_snapshots_never_hold_key_bytes()
    {
        var texts = new List<(string Where, string? Text)>();
        using var folder = new TemporaryFolder();
        string keyPath = WriteOwnerOnly(folder.PathOf(TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddMinutes(-5))), _keyFile);
        foreach (byte[] bad in new[] { _keyFile[..79], [.. _keyFile, .. _keyFile], _keyFile[16..] })
        {
            string path = WriteOwnerOnly(folder.PathOf($"{TicketKeyDirectory.FileNameFor(DateTimeOffset.UtcNow.AddMinutes(-1 - bad.Length))}"), bad);
            texts.Add(("Read exception", Assert.Throws<TicketKeyFileException>(() => NginxTicketKeyFile.Read(path)).ToString()));
            texts.Add(("Parse exception", Assert.Throws<TicketKeyFileException>(() => NginxTicketKeyFile.Parse(bad, "store", TicketKeyWindow.Unbounded)).ToString()));
        }

#pragma warning disable TKP007 // Deliberately wrong lengths: the exceptions they cause must not show the key bytes.
        texts.Add(("Create exception", Assert.Throws<ArgumentException>(() => TicketKey.Create(_keyFile[..16], _keyFile[16..40], _keyFile[48..80], TicketKeyWindow.Unbounded)).ToString()));
        texts.Add(("Create exception", Assert.Throws<ArgumentException>(() => TicketKey.Create(_keyFile[..16], _keyFile[48..80], _keyFile[16..30], TicketKeyWindow.Unbounded)).ToString()));
#pragma warning restore TKP007

        var tags = new ConcurrentQueue<string>();
        using (MeterListener listener = TagRecorder(tags))
        using (TicketKeyDirectory directory = TicketKeyDirectory.Open(folder.FullPath))
        using (TicketServerRig rig = TicketServerRig.Start(_certificate, TlsVersion.Tls13, context => directory.Ring.AttachTo(context)))
        {
            TicketKey key = directory.Ring.Keys.Single();
            HandshakeResult full = rig.Connect();
            HandshakeResult resumed = rig.Connect(full.Session);
            Assert.True(resumed.Resumed);
            texts.Add(("TicketKey.ToString", key.ToString()));
            texts.Add(("TicketKeyRing.ToString", directory.Ring.ToString()));
            texts.Add(("TicketKeyLookup.ToString", directory.Ring.Find(key.Name).ToString()));
            texts.Add(("TicketKeyDirectory.ToString", directory.ToString()));
            texts.Add(("TicketKeyAttachment.ToString", rig.Attachment.ToString()));
            texts.AddRange(directory.Errors.Select(problem => ("key folder problem", (string?)problem.ToString())));
            full.Session?.Dispose();
            resumed.Session?.Dispose();
        }

        texts.AddRange(tags.Select(tag => ("metric tag", (string?)tag)));
        string snapshots = Path.Combine(RepositoryRoot(), "tests", "Generator.Tests", "Snapshots");
        texts.AddRange(Directory.EnumerateFiles(snapshots, "*.verified.cs").Select(path => (path, (string?)File.ReadAllText(path))));

        foreach ((string where, string? text) in texts)
        {
            _scanner.AssertClean(where, text);
        }

        _output.WriteLine($"In-process output: {texts.Count} texts scanned ({tags.Count} metric tags, {texts.Count(text => text.Where.EndsWith(".verified.cs", StringComparison.Ordinal))} snapshots); no key bytes.");
        Assert.True(texts.Count(text => text.Where == "key folder problem") >= 3, "the bad files gave no folder problems to scan");
        Assert.NotEmpty(tags);
    }

    private static MeterListener TagRecorder(ConcurrentQueue<string> tags)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == TicketKeysMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, measurementTags, _) =>
        {
            tags.Enqueue(instrument.Name);
            foreach (KeyValuePair<string, object?> tag in measurementTags)
            {
                tags.Enqueue($"{tag.Key}={tag.Value}");
            }
        });
        listener.Start();
        return listener;
    }

    private static string WriteOwnerOnly(string path, byte[] contents)
    {
        File.WriteAllBytes(path, contents);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
        return path;
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

        throw new InvalidOperationException($"No Generators.sln above {AppContext.BaseDirectory}.");
    }
}
