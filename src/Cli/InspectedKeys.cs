using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace TicketKeys.Cli;

/// <summary>
/// The keys <c>inspect-ticket</c> checks a ticket against, read as a TicketKeys server reads them: a key file in its
/// layout (valid from its modification time for 7 days, the server's first key encrypting, the others decrypt-only),
/// or a fleet key folder (windows from the file names, <see cref="TicketKeyDirectory"/>'s rules).
/// </summary>
internal sealed class InspectedKeys : IDisposable
{
    private readonly TicketKeyDirectory? _directory;

    private InspectedKeys(TicketKeyRing ring, string description, IReadOnlyList<string> skipped, TicketKeyDirectory? directory = null)
    {
        Ring = ring;
        Description = description;
        Skipped = skipped;
        _directory = directory;
    }

    public TicketKeyRing Ring { get; }

    /// <summary>Where the keys came from, for the report: "keys.key (nginx80, 1 key)".</summary>
    public string Description { get; }

    /// <summary>Files of a key folder that a server would skip, with the reason.</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <exception cref="TicketKeyFileException">The file or folder cannot be read, or holds no usable key.</exception>
    /// <exception cref="ArgumentException">A folder with --format, or two keys of a file share a name.</exception>
    public static InspectedKeys Open(string path, string? formatName)
    {
        if (Directory.Exists(path))
        {
            return formatName is null
                ? OpenFolder(path)
                : throw new ArgumentException($"{path}: --format applies to a key file; a key folder holds one nginx48 or nginx80 key per file");
        }

        TicketKeyFileFormat format = formatName is null ? TicketKeyFile.Detect(path) : KeyFileFormat.Parse(formatName);
        IReadOnlyList<TicketKey> keys = TicketKeyFile.Read(path, format);
        try
        {
            TicketKeyRing ring = TicketKeyRing.FromKeys(keys);
            return new InspectedKeys(ring, Invariant($"{path} ({KeyFileFormat.NameOf(format)}, {Count(keys.Count)})"), []);
        }
        catch
        {
            foreach (TicketKey key in keys)
            {
                key.Dispose();
            }

            throw;
        }
    }

    public void Dispose()
    {
        if (_directory is not null)
        {
            _directory.Dispose();
        }
        else
        {
            Ring.Dispose();
        }
    }

    private static InspectedKeys OpenFolder(string path)
    {
        var skipped = new List<string>();
        // Read once, now: a server would wait for a file modified in the last 2 s to settle, a one-shot tool cannot.
        TicketKeyDirectory directory = TicketKeyDirectory.Open(path, new TicketKeyDirectoryOptions
        {
            SettleTime = TimeSpan.Zero,
            Rejected = problem => skipped.Add(problem.Message),
        });
        return new InspectedKeys(directory.Ring, Invariant($"folder {directory.FolderPath} ({Count(directory.Ring.Keys.Count)})"), skipped, directory);
    }

    private static string Count(int keys) => Invariant($"{keys} key{(keys == 1 ? string.Empty : "s")}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
