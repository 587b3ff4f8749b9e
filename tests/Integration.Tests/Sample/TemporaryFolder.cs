using System;
using System.IO;

namespace TicketKeys.Integration.Tests.Sample;

/// <summary>A fresh folder under the temp path for key files and saved sessions, deleted on dispose.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        FullPath = Path.Combine(Path.GetTempPath(), "ticketkeys-sample-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FullPath);
    }

    public string FullPath { get; }

    public string PathOf(string fileName) => Path.Combine(FullPath, fileName);

    /// <summary>
    /// Writes a fresh random AES-256 key as an 80-byte nginx key file (mode 0600), dated a minute ago so that key
    /// folders find it settled; returns the key's name (hex).
    /// </summary>
    public string WriteKey(string fileName)
    {
        using TicketKey key = TicketKey.Generate(TicketKeyWindow.Unbounded);
        NginxTicketKeyFile.Write(PathOf(fileName), key);
        File.SetLastWriteTimeUtc(PathOf(fileName), DateTime.UtcNow.AddMinutes(-1));
        return key.NameHex;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(FullPath, recursive: true);
        }
        catch (IOException)
        {
            // A server still scanning the folder; the temp folder is cleaned by the system eventually.
        }
    }
}
