using System;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.Extensions.Time.Testing;
using TicketKeys.Callback;
using TicketKeys.__Internals;
using TicketKeys.Integration.Tests.Callback;
using TicketKeys.Samples.Tls;
using Xunit;
using Xunit.Abstractions;

namespace TicketKeys.Integration.Tests.Proofs;

/// <summary>
/// Thousands of attach/detach cycles and a million callback set-ups leave no managed objects, GC handles or native
/// heap behind. Bounds are generous against allocator and JIT noise (a few hundred kilobytes here) and far below what
/// one leaked object (24 bytes or more) per cycle or call would add.
/// </summary>
[Collection(CallbackTestCollection.Name)]
public sealed unsafe class LeakProofs : IClassFixture<CertificateFixture>
{
    private const int AttachCycles = 5_000;
    private const int Callbacks = 1_000_000;

    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly ServerCertificate _certificate;
    private readonly ITestOutputHelper _output;

    public LeakProofs(CertificateFixture fixture, ITestOutputHelper output)
    {
        _certificate = fixture.Certificate;
        _output = output;
    }

    [Fact]
    public void Attaching_and_detaching_thousands_of_times_leaks_no_slot_handle_or_native_memory()
    {
        using var ring = new TicketKeyRing(new TicketKeyRotationPolicy(TimeSpan.FromHours(1), TimeSpan.FromHours(2)), new FakeTimeProvider(Now));
        FieldInfo slotField = typeof(TicketKeyAttachment).GetField("_slot", BindingFlags.Instance | BindingFlags.NonPublic)!;
        Cycle(ring, slotField, 200, slots: null);
        (long managed, long native) = Growth(() => Cycle(ring, slotField, AttachCycles, slots: null));

        // Tracked apart: the weak references themselves would count as growth above.
        var slots = new List<WeakReference>(AttachCycles);
        Cycle(ring, slotField, AttachCycles, slots);
        Settle();
        int alive = slots.FindAll(slot => slot.IsAlive).Count;
        _output.WriteLine($"Attach/detach: 3 x {AttachCycles} cycles on fresh SSL_CTXs; slots alive after: {alive}; growth per {AttachCycles} cycles: managed heap {managed:+#;-#;0} bytes, native heap {native:+#;-#;0} bytes.");
        Assert.Equal(0, alive);
        Assert.True(managed < 256 * 1024, $"managed heap grew by {managed} bytes per {AttachCycles} cycles");
        Assert.True(native < 2 * 1024 * 1024, $"native heap grew by {native} bytes per {AttachCycles} cycles");
    }

    [Fact]
    public void A_million_callback_set_ups_leak_neither_managed_nor_native_memory()
    {
        using var ring = TicketKeyRing.FromKeys([TicketKey.Generate(new TicketKeyWindow(Now.AddHours(-1), Now.AddDays(1), Now.AddDays(1)))], new FakeTimeProvider(Now));
        using var contexts = new CryptoContexts();
        TicketKey key = ring.GetEncryptionKey()!;
        byte* name = stackalloc byte[TicketKey.NameLength];
        byte* iv = stackalloc byte[16];
        Run(ring, key, contexts, name, iv, 10_000);
        (long managed, long native) = Growth(() => Run(ring, key, contexts, name, iv, Callbacks / 4));

        _output.WriteLine($"Callbacks: 2 x {Callbacks / 2} set-ups (half encrypt, half decrypt, EVP MAC); growth per {Callbacks / 2}: managed heap {managed:+#;-#;0} bytes, native heap {native:+#;-#;0} bytes.");
        Assert.True(managed < 1024 * 1024, $"managed heap grew by {managed} bytes per {Callbacks / 2} callbacks");
        Assert.True(native < 4 * 1024 * 1024, $"native heap grew by {native} bytes per {Callbacks / 2} callbacks");
    }

    private static void Run(TicketKeyRing ring, TicketKey key, CryptoContexts contexts, byte* name, byte* iv, int pairs)
    {
        for (int i = 0; i < pairs; i++)
        {
            Assert.Equal(1, __ProviderCallbackHelper.BeginEncryption(key, name, iv, contexts.Cipher, contexts.Mac, TicketCallbackApi.Evp, 0, -1));
            TicketKeyLookup lookup = ring.Find(new ReadOnlySpan<byte>(name, TicketKey.NameLength));
            Assert.True(__ProviderCallbackHelper.BeginDecryption(in lookup, iv, contexts.Cipher, contexts.Mac, TicketCallbackApi.Evp, 0));
        }
    }

    /// <summary>
    /// The smaller growth of two runs of <paramref name="work"/>: a leak grows the heaps every time, while the rest of the
    /// process (runtime, other threads) adds noise that does not repeat.
    /// </summary>
    private static (long Managed, long Native) Growth(Action work)
    {
        (long managed0, long native0) = Settle();
        work();
        (long managed1, long native1) = Settle();
        work();
        (long managed2, long native2) = Settle();
        return (Math.Min(managed1 - managed0, managed2 - managed1), Math.Min(native1 - native0, native2 - native1));
    }

    private static (long Managed, long Native) Settle()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return (GC.GetTotalMemory(forceFullCollection: true), NativeHeap.BytesInUse);
    }

    private void Cycle(TicketKeyRing ring, FieldInfo slotField, int cycles, List<WeakReference>? slots)
    {
        for (int i = 0; i < cycles; i++)
        {
            using ServerContext context = ServerContext.Create(_certificate);
            TicketKeyAttachment attachment = ring.AttachTo(context.Handle, i % 2 == 0 ? TicketCallbackApi.Evp : TicketCallbackApi.Legacy);
            slots?.Add(new WeakReference(slotField.GetValue(attachment)));
            attachment.Dispose();
        }
    }
}
