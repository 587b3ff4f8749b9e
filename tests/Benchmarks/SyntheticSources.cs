using System.Collections.Generic;

namespace TicketKeys.Benchmarks;

/// <summary>
/// The C# files of the synthetic projects the generator and analyzer costs are measured on, as (file name, text)
/// pairs. Plain files are ordinary application classes of about a hundred lines (a record, collections, LINQ, async,
/// a reference to another file's class) so that binding them costs what it costs in a real project.
/// </summary>
internal static class SyntheticSources
{
    /// <summary>The file name of plain file <paramref name="index"/>, the one an unrelated edit changes.</summary>
    public static string PlainFileName(int index) => $"Service{index}.cs";

    /// <summary><paramref name="providers"/> provider files, the rest of <paramref name="files"/> plain ones.</summary>
    public static List<(string Name, string Text)> ProviderProject(int files, int providers)
    {
        var sources = new List<(string Name, string Text)>(files);
        for (int index = 0; index < providers; index++)
        {
            sources.Add(($"HostKeys{index}.cs", Provider(index)));
        }

        for (int index = 0; index < files - providers; index++)
        {
            sources.Add((PlainFileName(index), Plain(index, edited: false)));
        }

        return sources;
    }

    /// <summary>Hand-written raw ticket callbacks, the OpenSSL declarations they call, and plain files.</summary>
    public static List<(string Name, string Text)> CallbackProject(int callbacks, int plainFiles)
    {
        var sources = new List<(string Name, string Text)>(callbacks + plainFiles + 1) { ("Native.cs", RawCallbackSource.NativeDeclarations) };
        for (int index = 0; index < callbacks; index++)
        {
            sources.Add(($"TicketCallback{index}.cs", RawCallbackSource.Callback(index)));
        }

        for (int index = 0; index < plainFiles; index++)
        {
            sources.Add((PlainFileName(index), Plain(index, edited: false)));
        }

        return sources;
    }

    /// <summary>A [TicketKeyProvider] over a ring, as the README writes one; every other one caps session age.</summary>
    public static string Provider(int index) => $$"""
        using System;
        using TicketKeys;

        namespace Synthetic.Providers;

        /// <summary>Ticket keys of host {{index}}.</summary>
        [TicketKeyProvider{{(index % 2 == 0 ? "" : "(MaxSessionAgeSeconds = 3600)")}}]
        public sealed partial class HostKeys{{index}}(TicketKeyRing ring)
        {
            [EncryptionKey]
            private TicketKey? Current() => ring.GetEncryptionKey();

            [DecryptionKey]
            private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => ring.Find(keyName);
        }
        """;

    /// <summary>
    /// Plain file <paramref name="index"/>; <paramref name="edited"/> changes a string literal in a method body, an
    /// edit that has nothing to do with ticket keys.
    /// </summary>
    public static string Plain(int index, bool edited)
    {
        string area = $"Area{index % 20}";
        string previous = index == 0
            ? "global::System.Object"
            : $"global::Synthetic.Area{(index - 1) % 20}.Service{index - 1}";
        string greeting = edited ? "edited" : "original";
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Synthetic.{{area}};

            /// <summary>A line of order {{index}}.</summary>
            public sealed record Item{{index}}(string Name, int Quantity, decimal Price)
            {
                public decimal Total => Quantity * Price;
            }

            /// <summary>Keeps the items of one order and reports on them.</summary>
            public sealed class Service{{index}}
            {
                private readonly Dictionary<string, Item{{index}}> _items = new(StringComparer.Ordinal);
                private readonly List<string> _log = [];
                private int _version;

                public int Count => _items.Count;

                public string Name { get; init; } = "service {{index}}";

                public {{previous}}? Previous { get; set; }

                public void Add(Item{{index}} item)
                {
                    ArgumentNullException.ThrowIfNull(item);
                    if (item.Quantity <= 0)
                    {
                        throw new ArgumentOutOfRangeException(nameof(item), item.Quantity, "Quantity must be positive.");
                    }

                    _items[item.Name] = _items.TryGetValue(item.Name, out Item{{index}}? existing)
                        ? existing with { Quantity = existing.Quantity + item.Quantity }
                        : item;
                    _version++;
                    _log.Add($"{DateTimeOffset.UtcNow:O} added {item.Name} x{item.Quantity}");
                }

                public bool TryRemove(string name, out Item{{index}}? removed)
                {
                    if (_items.Remove(name, out removed))
                    {
                        _version++;
                        _log.Add($"removed {name}");
                        return true;
                    }

                    return false;
                }

                public decimal Total() => _items.Values.Sum(item => item.Total);

                public IEnumerable<Item{{index}}> TopSellers(int count) =>
                    _items.Values
                        .Where(item => item.Quantity > 0)
                        .OrderByDescending(item => item.Total)
                        .ThenBy(item => item.Name, StringComparer.Ordinal)
                        .Take(count);

                public string Describe()
                {
                    var builder = new StringBuilder();
                    builder.Append("{{greeting}} ").Append(Name).Append(" v").Append(_version).AppendLine();
                    foreach (Item{{index}} item in _items.Values.OrderBy(item => item.Name, StringComparer.Ordinal))
                    {
                        builder.Append("  ").Append(item.Name).Append(": ").Append(item.Quantity).Append(" at ").Append(item.Price).AppendLine();
                    }

                    return builder.ToString();
                }

                public async Task<int> SaveAsync(Func<Item{{index}}, CancellationToken, Task> save, CancellationToken cancellationToken)
                {
                    ArgumentNullException.ThrowIfNull(save);
                    int saved = 0;
                    foreach (Item{{index}} item in _items.Values.ToArray())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await save(item, cancellationToken).ConfigureAwait(false);
                        saved++;
                    }

                    return saved;
                }

                public int Checksum()
                {
                    int hash = 17;
                    foreach (string name in _items.Keys.Order(StringComparer.Ordinal))
                    {
                        foreach (char character in name)
                        {
                            hash = unchecked((hash * 31) + character);
                        }
                    }

                    return hash ^ _version;
                }

                public string Classify() => Total() switch
                {
                    < 10m => "small",
                    < 1000m => "medium",
                    _ when Count > 100 => "bulk",
                    _ => "large",
                };

                public IReadOnlyList<string> History(int last) => _log.Skip(Math.Max(0, _log.Count - last)).ToList();
            }
            """;
    }
}
