using System;
using Xunit;

namespace TicketKeys.Tests.Keys;

public sealed unsafe class PinnedSecretTests
{
    [Fact]
    public void The_bytes_are_zeroed_when_the_last_reference_goes()
    {
        byte* memory = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(48);
        try
        {
            var observed = new Span<byte>(memory, 48);
            var secret = PinnedSecret.OverCallerMemory(memory, 48);
            secret.Span.Fill(0x5A);
            bool added = false;
            secret.DangerousAddRef(ref added);

            secret.Dispose();
            Assert.True(observed.IndexOfAnyExcept((byte)0x5A) < 0, "The bytes were zeroed while a callback still held them.");
            secret.DangerousRelease();

            Assert.True(observed.IndexOfAnyExcept((byte)0) < 0, "Retired key bytes were not zeroed.");
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(memory);
        }
    }

    [Fact]
    public void A_new_secret_is_zeroed()
    {
        using var secret = new PinnedSecret(64);

        Assert.True(secret.Span.IndexOfAnyExcept((byte)0) < 0, "A new secret holds non-zero bytes.");
    }

    [Fact]
    public void Dispose_defers_the_release_until_the_last_reference_goes()
    {
        var secret = new PinnedSecret(32);
        secret.Span.Fill(0xA5);
        bool added = false;
        secret.DangerousAddRef(ref added);
        Assert.True(added);

        secret.Dispose();

        Assert.False(secret.IsClosed);
        Assert.True(secret.Span.IndexOfAnyExcept((byte)0xA5) < 0, "The bytes changed while a reference was held.");
        secret.DangerousRelease();
        Assert.True(secret.IsClosed);
        Assert.Throws<ObjectDisposedException>(() =>
        {
            bool addedAfterRelease = false;
            secret.DangerousAddRef(ref addedAfterRelease);
        });
    }
}
