using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;

namespace TicketKeys;

/// <summary>One immutable snapshot of a ring's keys, in preference order, with the key names it refuses.</summary>
internal sealed class TicketKeySet
{
    private readonly TicketKey[] _keys;

    public TicketKeySet(TicketKey[] keys, DateTimeOffset nextRotation, RevokedKeyName[] revoked)
    {
        _keys = keys;
        // A read-only view: handing out the array itself would let callers rewrite the ring's keys.
        Keys = new ReadOnlyCollection<TicketKey>(keys);
        NextRotation = nextRotation;
        Revoked = revoked;
    }

    /// <summary>What a disposed ring holds: nothing, and no rotation due.</summary>
    public static TicketKeySet Empty { get; } = new([], DateTimeOffset.MaxValue, []);

    public IReadOnlyList<TicketKey> Keys { get; }

    /// <summary>When a self-rotating ring makes its next key; <see cref="DateTimeOffset.MaxValue"/> when fed from outside.</summary>
    public DateTimeOffset NextRotation { get; }

    public RevokedKeyName[] Revoked { get; }

    /// <summary>Checks a set of keys offered to a ring: not empty, at most <see cref="TicketKeyLimits.MaxKeys"/>, distinct names, bounded windows.</summary>
    public static TicketKey[] Validate(IEnumerable<TicketKey> keys, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(keys);
        TicketKey[] array = keys.Distinct().ToArray();
        if (array.Length == 0)
        {
            throw new ArgumentException("A ticket key ring needs at least one key.", nameof(keys));
        }

        if (array.Length > TicketKeyLimits.MaxKeys)
        {
            throw new ArgumentException(
                Invariant($"A ticket key ring holds at most {TicketKeyLimits.MaxKeys} keys (every handshake scans them); got {array.Length}."), nameof(keys));
        }

        for (int i = 0; i < array.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(array[i], nameof(keys));
            string? violation = TicketKeyLimits.LifetimeViolation(array[i].Window, now);
            if (violation is not null)
            {
                throw new ArgumentException($"Ticket key {array[i].NameHex} cannot enter a ring: {violation}.", nameof(keys));
            }

            for (int j = 0; j < i; j++)
            {
                if (array[j].HasName(array[i].Name))
                {
                    throw new ArgumentException($"Two ticket keys share the name {array[i].NameHex}: tickets could not tell them apart.", nameof(keys));
                }
            }
        }

        return array;
    }

    public TicketKey? EncryptionKeyAt(DateTimeOffset now)
    {
        foreach (TicketKey key in _keys)
        {
            if (key.Window.CanEncryptAt(now))
            {
                return key;
            }
        }

        return null;
    }

    public TicketKey? Find(ReadOnlySpan<byte> name)
    {
        foreach (TicketKey key in _keys)
        {
            if (key.HasName(name))
            {
                return key;
            }
        }

        return null;
    }

    public bool IsRevoked(ReadOnlySpan<byte> name)
    {
        foreach (RevokedKeyName revoked in Revoked)
        {
            if (name.SequenceEqual(revoked.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The revoked names plus <paramref name="names"/>, without those old enough (or many enough) to be forgotten.</summary>
    public RevokedKeyName[] RevokedWith(IEnumerable<byte[]> names, DateTimeOffset now)
    {
        RevokedKeyName[] all =
        [
            .. Revoked.Where(revoked => now - revoked.RevokedAt < RevokedKeyName.Memory),
            .. names.Select(name => new RevokedKeyName(name, now)),
        ];
        return all.Length <= RevokedKeyName.MaxRemembered ? all : all[^RevokedKeyName.MaxRemembered..];
    }

    public void DisposeKeysNotIn(IReadOnlyList<TicketKey> kept)
    {
        foreach (TicketKey key in _keys)
        {
            if (!kept.Contains(key))
            {
                key.Dispose();
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
