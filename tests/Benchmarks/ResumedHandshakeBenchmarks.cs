using BenchmarkDotNet.Attributes;
using TicketKeys.Samples.Tls;

namespace TicketKeys.Benchmarks;

/// <summary>Resumed handshakes: OpenSSL's built-in ticket keys (baseline) against a generated provider.</summary>
[MemoryDiagnoser]
public class ResumedHandshakeBenchmarks
{
    private ServerCertificate _certificate = null!;
    private TicketKeyRing _ring = null!;
    private HandshakeBench _builtIn = null!;
    private HandshakeBench _evp = null!;
    private HandshakeBench _legacy = null!;

    [Params(TlsVersion.Tls12, TlsVersion.Tls13)]
    public TlsVersion Version { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _certificate = ServerCertificate.CreateSelfSigned();
        _ring = new TicketKeyRing();
        _builtIn = new HandshakeBench(_certificate, Version, null);
        _evp = new HandshakeBench(_certificate, Version, context => _ring.AttachTo(context, TicketCallbackApi.Evp));
        _legacy = new HandshakeBench(_certificate, Version, context => _ring.AttachTo(context, TicketCallbackApi.Legacy));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _builtIn.Dispose();
        _evp.Dispose();
        _legacy.Dispose();
        _ring.Dispose();
        _certificate.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void BuiltInKeys() => _builtIn.Resume();

    [Benchmark]
    public void ProviderEvp() => _evp.Resume();

    [Benchmark]
    public void ProviderLegacy() => _legacy.Resume();
}
