namespace TicketKeys.Redis;

/// <summary>The Lua scripts: each runs atomically in Redis, so a reader never sees half a rotation.</summary>
internal static class RedisScripts
{
    /// <summary>KEYS: generation, keys. Returns the generation (or false) and the hash's fields and values.</summary>
    public const string Read = """
        return { redis.call('GET', KEYS[1]), redis.call('HGETALL', KEYS[2]) }
        """;

    /// <summary>
    /// The fence: writes only if the generation is still the one the rotation started from, so a leader that was paused
    /// past its lease cannot overwrite a newer key set. KEYS: generation, keys. ARGV: expected generation, new generation,
    /// channel, number of fields to delete, those fields, then field/value pairs to set. Returns 1 if written, 0 if not.
    /// </summary>
    public const string CompareAndSet = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if current ~= tonumber(ARGV[1]) then
          return 0
        end
        local deletes = tonumber(ARGV[4])
        for i = 5, 4 + deletes do
          redis.call('HDEL', KEYS[2], ARGV[i])
        end
        for i = 5 + deletes, #ARGV, 2 do
          redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
        end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('PUBLISH', ARGV[3], ARGV[2])
        return 1
        """;

    /// <summary>Ends a lease only if this node still holds it. KEYS: leader. ARGV: the node's token.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;
}
