using System;
using System.Collections.Generic;
using System.Linq;
using StackExchange.Redis;

namespace TicketKeys.Integration.Tests.Redis;

/// <summary>Everything a Redis holds, read with an ordinary client: every string and every hash field's value.</summary>
internal static class RedisContents
{
    public static List<(string Key, byte[] Value)> ReadAll(RedisServer redis)
    {
        using ConnectionMultiplexer connection = ConnectionMultiplexer.Connect(redis.ObserverConfiguration);
        IDatabase database = connection.GetDatabase();
        var values = new List<(string Key, byte[] Value)>();
        foreach (RedisKey key in connection.GetServer(redis.Address).Keys(pattern: "*"))
        {
            switch (database.KeyType(key))
            {
                case RedisType.String:
                    values.Add((key!, (byte[])database.StringGet(key)!));
                    break;
                case RedisType.Hash:
                    values.AddRange(database.HashGetAll(key).Select(entry => ($"{key} {entry.Name}", (byte[])entry.Value!)));
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected Redis key type at {key}.");
            }
        }

        return values;
    }

    /// <summary>The generation counter and each stored key's name and header fields.</summary>
    public static (long Generation, Dictionary<string, (long Generation, DateTimeOffset NotBefore)> Keys) ReadLayout(IDatabase database, string prefix = "{ticketkeys}:")
    {
        RedisValue generation = database.StringGet(prefix + "generation");
        var keys = new Dictionary<string, (long, DateTimeOffset)>();
        foreach (HashEntry entry in database.HashGetAll(prefix + "keys"))
        {
            byte[] value = entry.Value!;
            long keyGeneration = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(value.AsSpan(2));
            long notBefore = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(value.AsSpan(10));
            keys[entry.Name!] = (keyGeneration, new DateTimeOffset(notBefore, TimeSpan.Zero));
        }

        return (generation.IsNull ? 0 : (long)generation, keys);
    }
}
