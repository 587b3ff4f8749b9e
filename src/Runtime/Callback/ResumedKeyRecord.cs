using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TicketKeys.Interop;

namespace TicketKeys.Callback;

/// <summary>
/// Remembers, per connection, the name of the key whose ticket the callback accepted, so that the application can ask
/// after the handshake which key a resumed connection came in under (OpenSSL keeps no ticket on the server side).
/// Off until something asks for it (the <c>SslStream</c> bridge): the handshake path of other users is unchanged. The
/// copy lives in native memory owned by the <c>SSL</c> (an ex_data slot whose free callback releases it). Key names are
/// not secret: they travel in clear in every ticket.
/// </summary>
internal static unsafe class ResumedKeyRecord
{
    private static readonly Lazy<int> Index = new(SslOwnedMemorySlot.Create);
    private static volatile bool s_enabled;

    /// <summary>Starts recording for connections whose tickets are decrypted from now on.</summary>
    public static void Enable()
    {
        _ = Index.Value;
        s_enabled = true;
    }

    /// <summary>Records <paramref name="keyName"/> as the accepted key of <paramref name="ssl"/>, when enabled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Record(nint ssl, ReadOnlySpan<byte> keyName)
    {
        if (s_enabled)
        {
            Store(ssl, keyName);
        }
    }

    /// <summary>The recorded key name as hex, or null when none was recorded.</summary>
    public static string? ReadHex(nint ssl)
    {
        if (!s_enabled)
        {
            return null;
        }

        byte* recorded = (byte*)LibSsl.GetExData(ssl, Index.Value);
        return recorded is null ? null : Convert.ToHexString(new ReadOnlySpan<byte>(recorded, TicketKey.NameLength));
    }

    private static void Store(nint ssl, ReadOnlySpan<byte> keyName)
    {
        if (keyName.Length != TicketKey.NameLength)
        {
            return;
        }

        // A TLS 1.2 renegotiation or a second ticket on one connection overwrites the same copy.
        byte* copy = (byte*)LibSsl.GetExData(ssl, Index.Value);
        bool fresh = copy is null;
        if (fresh)
        {
            copy = (byte*)NativeMemory.Alloc(TicketKey.NameLength);
        }

        keyName.CopyTo(new Span<byte>(copy, TicketKey.NameLength));
        if (fresh && LibSsl.SetExData(ssl, Index.Value, (nint)copy) != 1)
        {
            NativeMemory.Free(copy);
            LibCrypto.ClearError();
        }
    }
}
