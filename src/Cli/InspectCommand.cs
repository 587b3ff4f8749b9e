using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;

namespace TicketKeys.Cli;

/// <summary>
/// <c>ticketkeys inspect FILE [--format F]</c>: format, size, key names, cipher and strength, file mode; never key
/// bytes. Exit 0 for a key file TicketKeys would load, 1 with a one-line reason otherwise.
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The key file." };
        var format = new Option<string?>("--format")
        {
            Description = "The file's layout when it cannot be told from its bytes (apache, openssl). Default: nginx48/nginx80 by size, haproxy by content.",
        };
        format.AcceptOnlyFromAmong(KeyFileFormat.All);
        var command = new Command("inspect", "Describe a ticket key file and say whether it is usable.") { file, format };
        command.SetAction(result => CommandErrors.Run(() => Inspect(result.GetValue(file)!, result.GetValue(format)), ExitCodes.Unusable));
        return command;
    }

    private static int Inspect(string path, string? formatName)
    {
        var info = new FileInfo(path);
        if (Directory.Exists(path))
        {
            throw new IOException($"{path}: is a folder, not a key file");
        }

        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true })
        {
            throw new IOException($"{path}: is a symbolic link to '{info.LinkTarget}', which does not exist");
        }

        if (!info.Exists)
        {
            throw new IOException($"{path}: no such file");
        }

        TicketKeyFileFormat format = formatName is null ? Detect(path, info.Length) : KeyFileFormat.Parse(formatName);
        IReadOnlyList<TicketKey> keys = TicketKeyFile.Read(path, format);
        try
        {
            Console.WriteLine($"file: {path}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"format: {KeyFileFormat.NameOf(format)} ({info.Length} bytes)"));
            Console.WriteLine($"key name: {keys[0].NameHex}");
            if (keys.Count > 1)
            {
                Console.WriteLine($"decrypt-only key names: {string.Join(", ", keys.Skip(1).Select(key => key.NameHex))}");
            }

            Console.WriteLine($"protection: {KeyDescription.Of(keys[0])}");
            if (!OperatingSystem.IsWindows())
            {
                UnixFileMode mode = File.GetUnixFileMode(path);
                Console.WriteLine($"mode: {Convert.ToString((int)mode, 8).PadLeft(4, '0')}{((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) == 0 ? " (owner only)" : " (readable or writable by others)")}");
            }

            Console.WriteLine("usable: yes");
            return ExitCodes.Success;
        }
        finally
        {
            foreach (TicketKey key in keys)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>nginx by size; any other size must be HAProxy's base64 lines.</summary>
    private static TicketKeyFileFormat Detect(string path, long length)
    {
        try
        {
            return TicketKeyFile.Detect(path, KeyFilePermissions.Ignore);
        }
        catch (TicketKeyFileException) when (length is not (NginxTicketKeyFile.Aes128FileLength or NginxTicketKeyFile.Aes256FileLength))
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"{path}: {length} bytes; a key file has {NginxTicketKeyFile.Aes128FileLength} (nginx48) or {NginxTicketKeyFile.Aes256FileLength} (nginx80), or is base64 lines (haproxy)"));
        }
    }
}
