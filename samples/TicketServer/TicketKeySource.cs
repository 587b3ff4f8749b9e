using System;
using System.Collections.Generic;
using System.IO;
using TicketKeys;

namespace TicketServer;

/// <summary>Where the server's ticket keys come from: key files, a key folder, or an in-memory rotating ring.</summary>
internal sealed class TicketKeySource : IDisposable
{
    private readonly TicketKeyDirectory? _directory;

    private TicketKeySource(TicketKeyRing ring, string description, TicketKeyDirectory? directory = null)
    {
        Ring = ring;
        Description = description;
        _directory = directory;
    }

    public TicketKeyRing Ring { get; }

    /// <summary>One line for the log: where the keys come from.</summary>
    public string Description { get; }

    /// <exception cref="IOException">A key file or the folder is missing, unreadable or malformed (<see cref="TicketKeyFileException"/> names it).</exception>
    /// <exception cref="ArgumentException">Two key files hold the same key name.</exception>
    public static TicketKeySource Open(ServerOptions options, TextWriter errors)
    {
        if (options.KeyDirectory is not null)
        {
            TicketKeyDirectory directory = TicketKeyDirectory.Open(options.KeyDirectory, new TicketKeyDirectoryOptions
            {
                Rejected = problem => errors.WriteLine($"TicketServer: skipped {problem.Path}: {problem.Message}"),
            });
            return new TicketKeySource(directory.Ring, $"{directory.Ring.Keys.Count} key(s) from folder {directory.FolderPath}", directory);
        }

        if (options.KeyFiles.Count > 0)
        {
            var keys = new List<TicketKey>(options.KeyFiles.Count);
            try
            {
                foreach (string path in options.KeyFiles)
                {
                    // A file's own order first (HAProxy: its encrypting line), then the next file's keys.
                    if (options.KeyFormat is { } format)
                    {
                        keys.AddRange(TicketKeyFile.Read(path, format));
                    }
                    else
                    {
                        keys.Add(NginxTicketKeyFile.Read(path));
                    }
                }

                return new TicketKeySource(TicketKeyRing.FromKeys(keys), $"{keys.Count} key(s) from {options.KeyFiles.Count} key file(s), the first one encrypts");
            }
            catch
            {
                keys.ForEach(key => key.Dispose());
                throw;
            }
        }

        TicketKeyRotationPolicy policy = TicketKeyRotationPolicy.Default;
        return new TicketKeySource(new TicketKeyRing(policy), $"in-memory ring, a new key every {policy.RotationInterval.TotalHours:0.#} h");
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
}
