using System;
using BenchmarkDotNet.Attributes;

namespace TicketKeys.Benchmarks;

/// <summary>The ring's per-callback work: choosing the encrypting key and finding a ticket's key.</summary>
[MemoryDiagnoser]
public class KeyRingBenchmarks
{
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
    }

    [GlobalCleanup]
    public void Cleanup() => _ring.Dispose();

    [Benchmark]
    public TicketKey? EncryptionKey() => _ring.GetEncryptionKey();

    [Benchmark]
    public TicketKeyLookupResult FindCurrent() => _ring.Find(_currentName).Result;

    [Benchmark]
    public TicketKeyLookupResult FindUnknown() => _ring.Find(_unknownName).Result;
}
