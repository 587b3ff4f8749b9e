using System;
using System.Collections.Generic;
using System.Linq;

namespace TicketKeys;

/// <summary>One immutable snapshot of a ring's keys, in preference order.</summary>
internal sealed class TicketKeySet(TicketKey[] keys, DateTimeOffset nextRotation)
{
    private readonly TicketKey[] _keys = keys;

    public IReadOnlyList<TicketKey> Keys => _keys;

    /// <summary>When a self-rotating ring makes its next key; <see cref="DateTimeOffset.MaxValue"/> when fed from outside.</summary>
    public DateTimeOffset NextRotation { get; } = nextRotation;

    public static TicketKey[] Validate(IEnumerable<TicketKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        TicketKey[] array = keys.ToArray();
        if (array.Length == 0)
        {
            throw new ArgumentException("A ticket key ring needs at least one key.", nameof(keys));
        }

        for (int i = 0; i < array.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(array[i], nameof(keys));
            for (int j = 0; j < i; j++)
            {
                if (array[j].HasName(array[i].Name) && !ReferenceEquals(array[j], array[i]))
                {
                    throw new ArgumentException($"Two ticket keys share the name {array[i].NameHex}: tickets could not tell them apart.", nameof(keys));
                }
            }
        }

        return array.Distinct().ToArray();
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
}
