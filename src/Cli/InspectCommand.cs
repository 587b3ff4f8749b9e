using System;
using System.CommandLine;
using System.Globalization;
using System.IO;

namespace TicketKeys.Cli;

/// <summary>
/// <c>ticketkeys inspect FILE</c>: format, size, key name, cipher and strength, file mode; never key bytes. Exit 0 for
/// a key file TicketKeys would load, 1 with a one-line reason otherwise.
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The key file." };
        var command = new Command("inspect", "Describe a ticket key file and say whether it is usable.") { file };
        command.SetAction(result => CommandErrors.Run(() => Inspect(result.GetValue(file)!), ExitCodes.Unusable));
        return command;
    }

    private static int Inspect(string path)
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

        string format = KeyFileFormat.OfLength(info.Length)
            ?? throw new IOException(string.Create(CultureInfo.InvariantCulture, $"{path}: {info.Length} bytes; a key file has {NginxTicketKeyFile.Aes128FileLength} (nginx48) or {NginxTicketKeyFile.Aes256FileLength} (nginx80)"));
        using TicketKey key = NginxTicketKeyFile.Read(path);
        Console.WriteLine($"file: {path}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"format: {format} ({info.Length} bytes)"));
        Console.WriteLine($"key name: {key.NameHex}");
        Console.WriteLine($"protection: {KeyDescription.Of(key)}");
        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            Console.WriteLine($"mode: {Convert.ToString((int)mode, 8).PadLeft(4, '0')}{((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) == 0 ? " (owner only)" : " (readable or writable by others)")}");
        }

        Console.WriteLine("usable: yes");
        return ExitCodes.Success;
    }
}
