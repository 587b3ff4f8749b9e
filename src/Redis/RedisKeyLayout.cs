using StackExchange.Redis;

namespace TicketKeys.Redis;

/// <summary>
/// Where a fleet's keys live under its prefix: <c>P</c><c>generation</c> (a counter that only grows),
/// <c>P</c><c>keys</c> (a hash of wrapped keys by name), <c>P</c><c>leader</c> (the rotation lease) and the pub/sub
/// channel <c>P</c><c>changed</c>. The default prefix is a Redis Cluster hash tag, so that the rotation script's keys
/// share one slot.
/// </summary>
internal sealed class RedisKeyLayout(string prefix)
{
    public string Prefix { get; } = prefix;

    public RedisKey Generation { get; } = prefix + "generation";

    public RedisKey Keys { get; } = prefix + "keys";

    public RedisKey Leader { get; } = prefix + "leader";

    public RedisChannel Changed { get; } = RedisChannel.Literal(prefix + "changed");
}
