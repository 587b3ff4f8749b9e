using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading;

namespace TicketKeys;

/// <summary>
/// Per-host keys derived from ring keys, cached: lock-free reads of an immutable dictionary that writers replace (only
/// on a new ring key or host). Entries of retired ring keys are dropped, and their derived keys zeroed, on the next
/// write; the cache is emptied when it reaches <see cref="MaxEntries"/>, so a flood of made-up host names costs
/// derivations, never unbounded memory.
/// </summary>
internal sealed class HostKeyCache : IDisposable
{
    /// <summary>The most derived keys kept.</summary>
    public const int MaxEntries = 4096;

    /// <summary>The longest DNS name (RFC 1035); longer SNI values are cut for the derivation's normalised form only.</summary>
    public const int MaxHostLength = 255;

    private static readonly byte[] InfoPrefix = "TicketKeys per-host ticket key v1\0"u8.ToArray();

    private readonly object _writeLock = new();
    private Dictionary<(TicketKey RingKey, int HostHash), Entry[]> _entries = [];

    /// <summary>
    /// The host a server name stands for: ASCII lower case, no trailing dot (the forms a client may send for one host
    /// give one key), written into <paramref name="buffer"/> of at least <see cref="MaxHostLength"/> bytes.
    /// </summary>
    public static HostName Normalize(ReadOnlySpan<byte> serverName, Span<byte> buffer)
    {
        int length = Math.Min(serverName.Length, MaxHostLength);
        for (int i = 0; i < length; i++)
        {
            byte b = serverName[i];
            buffer[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }

        if (length > 0 && buffer[length - 1] == (byte)'.')
        {
            length--;
        }

        return new HostName(buffer[..length]);
    }

    public TicketKey KeyFor(TicketKey ringKey, HostName host)
    {
        if (Volatile.Read(ref _entries).TryGetValue((ringKey, host.Hash), out Entry[]? found))
        {
            foreach (Entry entry in found)
            {
                if (host.Bytes.SequenceEqual(entry.Host))
                {
                    return entry.Key;
                }
            }
        }

        return Add(ringKey, host.Hash, host.Bytes);
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            DisposeAll(Interlocked.Exchange(ref _entries, []));
        }
    }

    private TicketKey Add(TicketKey ringKey, int hash, ReadOnlySpan<byte> host)
    {
        lock (_writeLock)
        {
            Dictionary<(TicketKey RingKey, int HostHash), Entry[]> current = _entries;
            if (current.TryGetValue((ringKey, hash), out Entry[]? found))
            {
                foreach (Entry entry in found)
                {
                    if (host.SequenceEqual(entry.Host))
                    {
                        return entry.Key;
                    }
                }
            }

            TicketKey derived = Derive(ringKey, host);
            var next = new Dictionary<(TicketKey RingKey, int HostHash), Entry[]>(current.Count + 1);
            int count = 0;
            foreach (KeyValuePair<(TicketKey RingKey, int HostHash), Entry[]> pair in current)
            {
                if (pair.Key.RingKey.IsDisposed)
                {
                    DisposeEntries(pair.Value);
                    continue;
                }

                next.Add(pair.Key, pair.Value);
                count += pair.Value.Length;
            }

            if (count >= MaxEntries)
            {
                DisposeAll(next);
                next.Clear();
            }

            next.TryGetValue((ringKey, hash), out Entry[]? bucket);
            next[(ringKey, hash)] = [.. bucket ?? [], new Entry(host.ToArray(), derived)];
            Volatile.Write(ref _entries, next);
            return derived;
        }
    }

    private static TicketKey Derive(TicketKey ringKey, ReadOnlySpan<byte> host)
    {
        int secretLength = ringKey.AesKeyLength + ringKey.HmacKeyLength;
        Span<byte> secret = stackalloc byte[secretLength];
        Span<byte> output = stackalloc byte[TicketKey.NameLength + secretLength];
        byte[] info = [.. InfoPrefix, .. host];
        try
        {
            ringKey.CopySecretsTo(secret[..ringKey.AesKeyLength], secret[ringKey.AesKeyLength..]);
            HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, output, ringKey.Name, info);
            return TicketKey.Create(
                output[..TicketKey.NameLength],
                output.Slice(TicketKey.NameLength, ringKey.AesKeyLength),
                output[(TicketKey.NameLength + ringKey.AesKeyLength)..],
                ringKey.Window);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(output);
        }
    }

    private static void DisposeAll(Dictionary<(TicketKey RingKey, int HostHash), Entry[]> entries)
    {
        foreach (Entry[] bucket in entries.Values)
        {
            DisposeEntries(bucket);
        }
    }

    private static void DisposeEntries(Entry[] bucket)
    {
        foreach (Entry entry in bucket)
        {
            entry.Key.Dispose();
        }
    }

    private sealed record Entry(byte[] Host, TicketKey Key);
}
