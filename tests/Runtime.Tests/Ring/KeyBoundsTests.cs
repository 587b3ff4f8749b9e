using System;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Tests.Support;
using Xunit;

namespace TicketKeys.Tests.Ring;

/// <summary>However keys enter a ring, there are at most 64 of them and none lives longer than 7 days.</summary>
public sealed class KeyBoundsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_key_with_an_unbounded_window_cannot_enter_a_ring()
    {
        using TicketKey forever = TicketKey.Generate(TicketKeyWindow.Unbounded);

        var error = Assert.Throws<ArgumentException>(() => TicketKeyRing.FromKeys([forever], new FakeTimeProvider(Start)));

        Assert.Contains(forever.NameHex, error.Message, StringComparison.Ordinal);
        Assert.Contains("unbounded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_living_longer_than_7_days_cannot_replace_a_rings_keys()
    {
        using var ring = TicketKeyRing.FromKeys([TestKeys.Current(Start)], new FakeTimeProvider(Start));
        using TicketKey eightDays = TicketKey.Generate(new TicketKeyWindow(Start, Start.AddDays(8), Start.AddDays(8)));

        var error = Assert.Throws<ArgumentException>(() => ring.Replace([eightDays]));

        Assert.Contains("longer than 7 days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_64_keys_cannot_enter_a_ring()
    {
        TicketKey[] keys = [.. Enumerable.Range(0, 65).Select(_ => TestKeys.Current(Start))];

        var error = Assert.Throws<ArgumentException>(() => TicketKeyRing.FromKeys(keys, new FakeTimeProvider(Start)));

        Assert.Contains("at most 64 keys", error.Message, StringComparison.Ordinal);
        Assert.Contains("got 65", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_rotations_keep_at_most_64_keys_dropping_the_oldest()
    {
        var time = new FakeTimeProvider(Start);
        using var ring = new TicketKeyRing(new TicketKeyRotationPolicy(TimeSpan.FromHours(1), TimeSpan.FromDays(7)), time);
        TicketKey first = ring.Keys[0];

        for (int i = 0; i < 200; i++)
        {
            ring.Rotate();
        }

        Assert.Equal(64, ring.Keys.Count);
        Assert.True(first.IsDisposed, "the oldest key was kept beyond the cap");
        Assert.Same(ring.Keys[0], ring.GetEncryptionKey());
    }

    [Fact]
    public void A_key_file_read_without_a_window_lives_7_days_from_its_last_modification()
    {
        string path = KeyFiles.Write(_folder.File("ticket.key"), TestBytes.Random(80));
        DateTimeOffset modified = File.GetLastWriteTimeUtc(path);

        using TicketKey key = NginxTicketKeyFile.Read(path);

        Assert.Equal(modified.AddDays(7), key.Window.NotAfter);
        Assert.Equal(modified, key.Window.NotBefore);
    }
}
