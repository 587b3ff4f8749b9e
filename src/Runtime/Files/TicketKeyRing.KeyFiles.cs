using System;
using System.Collections.Generic;

namespace TicketKeys;

public sealed partial class TicketKeyRing
{
    /// <summary>
    /// Creates a ring fed from key files, as nginx's repeated <c>ssl_session_ticket_key</c> does: the first file's keys
    /// come first (within a file, its server's own order: HAProxy's encrypting line first), then the next file's. Each
    /// key is accepted from its file's last modification to 7 days later. Keys already read are disposed (zeroed) when a
    /// later file or the ring refuses, so a failure leaves no key behind.
    /// </summary>
    /// <param name="paths">The key files, in preference order.</param>
    /// <param name="format">Their layout; null: nginx's 48- or 80-byte file, told by size.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="TicketKeyFileException">A file cannot be read safely or is not in its layout; the message names it.</exception>
    /// <exception cref="ArgumentException">The keys cannot form a ring (none, too many, a shared name: see <see cref="FromKeys"/>).</exception>
    public static TicketKeyRing FromKeyFiles(IEnumerable<string> paths, TicketKeyFileFormat? format = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var keys = new List<TicketKey>();
        try
        {
            foreach (string path in paths)
            {
                if (format is { } layout)
                {
                    keys.AddRange(TicketKeyFile.Read(path, layout));
                }
                else
                {
                    keys.Add(NginxTicketKeyFile.Read(path));
                }
            }

            return FromKeys(keys, timeProvider);
        }
        catch
        {
            keys.ForEach(key => key.Dispose());
            throw;
        }
    }
}
