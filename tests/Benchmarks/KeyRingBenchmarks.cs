using System;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace TicketKeys.Benchmarks;

/// <summary>The ring's per-callback work: choosing the encrypting key and finding a ticket's key.</summary>
[MemoryDiagnoser]
public class KeyRingBenchmarks
{
    private TicketKeyRing _large = null!;
    private byte[] _lastOfLarge = null!;

    /// <summary>Keys in the large ring (at most <see cref="TicketKeyLimits.MaxKeys"/>): the lookup is a scan, so the last key is its worst case.</summary>
    [Params(2, 16, 64)]
    public int KeyCount { get; set; }

    private TicketKeyRing _ring = null!;
    private byte[] _currentName = null!;
    private byte[] _unknownName = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ring = new TicketKeyRing();
        _ring.Rotate();
        _ring.Rotate();
        _currentName = _ring.Keys[0].Name.ToArray();
        _unknownName = new byte[TicketKey.NameLength];
        _large = TicketKeyRing.FromKeys(Enumerable.Range(0, KeyCount).Select(_ => TicketKey.Generate(new TicketKeyWindow(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(2)))));
        _lastOfLarge = _large.Keys[KeyCount - 1].Name.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ring.Dispose();
        _large.Dispose();
    }

    [Benchmark]
    public TicketKeyLookupResult FindLastOfMany() => _large.Find(_lastOfLarge).Result;

    [Benchmark]
    public TicketKey? EncryptionKey() => _ring.GetEncryptionKey();

    [Benchmark]
    public TicketKeyLookupResult FindCurrent() => _ring.Find(_currentName).Result;

    [Benchmark]
    public TicketKeyLookupResult FindUnknown() => _ring.Find(_unknownName).Result;
}
