using System;
using System.IO;
using System.Linq;
using TicketKeys.Integration.Tests.Sample;
using Xunit;

namespace TicketKeys.Integration.Tests.Cli;

/// <summary><c>ticketkeys</c>: every command, its exit codes and its one-line errors, on real files.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TicketKeysToolTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("nginx80", 80, "AES-256-CBC with HMAC-SHA256 (256-bit key), 256-bit strength")]
    [InlineData("nginx48", 48, "AES-128-CBC with HMAC-SHA256 (128-bit key), 128-bit strength")]
    public void New_writes_an_owner_only_key_file_that_inspect_describes_and_the_runtime_reads(string format, int length, string protection)
    {
        string path = _folder.PathOf("fresh.key");

        (int made, string madeOutput) = TicketKeysTool.Run(_folder.FullPath, "new", "--format", format, "--out", path);
        (int inspected, string inspectOutput) = TicketKeysTool.Run(_folder.FullPath, "inspect", path);

        Assert.True(made == 0, madeOutput);
        Assert.Equal(length, new FileInfo(path).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using TicketKey key = NginxTicketKeyFile.Read(path);
        Assert.Contains($"key name {key.NameHex}", madeOutput, StringComparison.Ordinal);
        Assert.True(inspected == 0, inspectOutput);
        Assert.Contains($"format: {format} ({length} bytes)", inspectOutput, StringComparison.Ordinal);
        Assert.Contains($"key name: {key.NameHex}", inspectOutput, StringComparison.Ordinal);
        Assert.Contains($"protection: {protection}", inspectOutput, StringComparison.Ordinal);
        Assert.Contains("mode: 0600 (owner only)", inspectOutput, StringComparison.Ordinal);
        Assert.Contains("usable: yes", inspectOutput, StringComparison.Ordinal);
        SecretScan.AssertAbsent(File.ReadAllBytes(path), madeOutput, inspectOutput);
    }

    [Fact]
    public void New_refuses_to_replace_a_key_file_without_force()
    {
        string path = _folder.PathOf("ticket.key");
        File.WriteAllBytes(path, new byte[80]);

        (int refused, string output) = TicketKeysTool.Run(_folder.FullPath, "new");
        (int forced, string forcedOutput) = TicketKeysTool.Run(_folder.FullPath, "new", "--force");

        Assert.Equal(2, refused);
        Assert.Contains("ticket.key: already exists; pass --force", output, StringComparison.Ordinal);
        Assert.True(forced == 0, forcedOutput);
        Assert.NotEqual(new byte[80], File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("wrong-size", "47 bytes; a key file has 48 (nginx48) or 80 (nginx80)")]
    [InlineData("empty", "0 bytes; a key file has 48 (nginx48) or 80 (nginx80)")]
    [InlineData("folder", "is a folder, not a key file")]
    [InlineData("dangling-link", "is a symbolic link to")]
    [InlineData("missing", "no such file")]
    public void Inspect_names_the_file_and_the_problem_of_an_unusable_key_file(string kind, string problem)
    {
        string path = _folder.PathOf(kind);
        switch (kind)
        {
            case "wrong-size":
                File.WriteAllBytes(path, new byte[47]);
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "folder":
                Directory.CreateDirectory(path);
                break;
            case "dangling-link":
                File.CreateSymbolicLink(path, _folder.PathOf("gone.key"));
                break;
        }

        (int exitCode, string output) = TicketKeysTool.Run(_folder.FullPath, "inspect", path);

        Assert.Equal(1, exitCode);
        string line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ticketkeys: {path}", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Revoke_removes_the_files_of_one_key_and_keeps_the_others()
    {
        string revokedName = _folder.WriteKey("20261127T120000Z.key");
        string keptName = _folder.WriteKey("20261128T120000Z.key");
        byte[] revokedBytes = File.ReadAllBytes(_folder.PathOf("20261127T120000Z.key"));

        (int exitCode, string output) = TicketKeysTool.Run(_folder.FullPath, "revoke", _folder.FullPath, revokedName.ToLowerInvariant());
        (int again, string againOutput) = TicketKeysTool.Run(_folder.FullPath, "revoke", _folder.FullPath, revokedName);

        Assert.True(exitCode == 0, output);
        Assert.Contains("revoked " + _folder.PathOf("20261127T120000Z.key"), output, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.PathOf("20261127T120000Z.key")));
        using (TicketKey kept = NginxTicketKeyFile.Read(_folder.PathOf("20261128T120000Z.key")))
        {
            Assert.Equal(keptName, kept.NameHex);
        }

        Assert.Equal(0, again);
        Assert.Contains($"no file in {_folder.FullPath} holds key {revokedName}", againOutput, StringComparison.Ordinal);
        SecretScan.AssertAbsent(revokedBytes, output, againOutput);
    }

    [Fact]
    public void Revoke_all_leaves_one_new_key_in_the_folder()
    {
        string[] oldNames = [_folder.WriteKey("20261127T120000Z.key"), _folder.WriteKey("20261128T120000Z.key")];

        (int exitCode, string output) = TicketKeysTool.Run(_folder.FullPath, "revoke-all", _folder.FullPath);

        Assert.True(exitCode == 0, output);
        string remaining = Assert.Single(Directory.GetFiles(_folder.FullPath));
        Assert.Contains("wrote " + remaining, output, StringComparison.Ordinal);
        using TicketKey fresh = NginxTicketKeyFile.Read(remaining);
        Assert.DoesNotContain(fresh.NameHex, oldNames);
    }

    [Theory]
    [InlineData("revoke", "DIR", "not-hex", "is not a key name")]
    [InlineData("revoke", "missing-folder", "00112233445566778899AABBCCDDEEFF", "missing-folder")]
    [InlineData("new", "--format", "nginx99", "nginx99")]
    [InlineData("new", "--frobnicate", "", "--frobnicate")]
    [InlineData("rotate", "DIR", "--keep=0", "--keep must be at least 1")]
    [InlineData("convert", "--to", "nginx99", "nginx99")]
    public void Bad_input_is_one_line_naming_the_problem_with_exit_code_2(string command, string first, string second, string named)
    {
        string[] arguments = new[] { command, first == "DIR" ? _folder.FullPath : first, second }.Where(a => a.Length > 0).ToArray();

        (int exitCode, string output) = TicketKeysTool.Run(_folder.FullPath, arguments);

        Assert.Equal(2, exitCode);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.All(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("ticketkeys: ", line, StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_moves_a_key_between_nginx_and_Apache_48_byte_layouts_swapping_its_secrets_as_the_servers_expect()
    {
        byte[] nginx = Bytes(48, 0x00);
        string input = WriteOwnerOnly("nginx48.key", nginx);
        string output = _folder.PathOf("apache.key");

        (int exitCode, string printed) = TicketKeysTool.Run(_folder.FullPath, "convert", input, output, "--from", "nginx48", "--to", "apache");
        (int inspected, string inspectOutput) = TicketKeysTool.Run(_folder.FullPath, "inspect", output, "--format", "apache");

        Assert.True(exitCode == 0, printed);
        // nginx: name | AES | HMAC; Apache (ssl_init_ticket_key): name | HMAC | AES.
        Assert.Equal([.. nginx[..16], .. nginx[32..48], .. nginx[16..32]], File.ReadAllBytes(output));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
        Assert.True(inspected == 0, inspectOutput);
        Assert.Contains("format: apache (48 bytes)", inspectOutput, StringComparison.Ordinal);
        Assert.Contains("key name: 000102030405060708090A0B0C0D0E0F", inspectOutput, StringComparison.Ordinal);
        SecretScan.AssertAbsent(nginx, printed, inspectOutput);
    }

    [Theory]
    [InlineData("nginx80", 80, "apache", "would weaken key")]
    [InlineData("nginx80", 80, "nginx48", "would weaken key")]
    [InlineData("nginx48", 48, "openssl", "cannot hold key")]
    public void Convert_refuses_a_layout_that_would_weaken_or_cannot_hold_the_key_in_one_line(string from, int length, string to, string refusal)
    {
        byte[] key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);
        string input = WriteOwnerOnly("in.key", key);
        string output = _folder.PathOf("out.key");

        (int exitCode, string printed) = TicketKeysTool.Run(_folder.FullPath, "convert", input, output, "--from", from, "--to", to);

        Assert.Equal(2, exitCode);
        string line = Assert.Single(printed.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ticketkeys: {to} (", line, StringComparison.Ordinal);
        Assert.Contains(refusal, line, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        SecretScan.AssertAbsent(key, printed);
    }

    [Fact]
    public void Convert_takes_the_encrypting_line_of_an_HAProxy_file_and_inspect_recognises_HAProxy_files_by_content()
    {
        byte[][] lines = [Bytes(80, 0x00), Bytes(80, 0x50), Bytes(80, 0xA0)];
        string haproxy = WriteOwnerOnly("haproxy.keys", System.Text.Encoding.ASCII.GetBytes(string.Join('\n', lines.Select(Convert.ToBase64String)) + "\n"));
        string nginx = _folder.PathOf("nginx80.key");

        (int inspected, string inspectOutput) = TicketKeysTool.Run(_folder.FullPath, "inspect", haproxy);
        (int exitCode, string printed) = TicketKeysTool.Run(_folder.FullPath, "convert", haproxy, nginx, "--to", "nginx80");

        Assert.True(inspected == 0, inspectOutput);
        Assert.Contains("format: haproxy (", inspectOutput, StringComparison.Ordinal);
        Assert.Contains("key name: " + Convert.ToHexString(lines[1][..16]), inspectOutput, StringComparison.Ordinal);
        Assert.True(exitCode == 0, printed);
        Assert.Contains("not carried over: 2 decrypt-only key(s)", printed, StringComparison.Ordinal);
        // HAProxy's line: name | AES-256 | HMAC; nginx 80: name | HMAC | AES-256.
        byte[] encrypting = lines[1];
        Assert.Equal([.. encrypting[..16], .. encrypting[48..80], .. encrypting[16..48]], File.ReadAllBytes(nginx));
        Array.ForEach(lines, line => SecretScan.AssertAbsent(line, printed, inspectOutput));
    }

    [Fact]
    public void Rotate_run_twice_at_once_against_one_folder_writes_the_current_and_prestaged_keys_once()
    {
        System.Threading.Tasks.Task<(int ExitCode, string Output)>[] runs = [.. Enumerable.Range(0, 2).Select(_ =>
            System.Threading.Tasks.Task.Run(() => TicketKeysTool.Run(_folder.FullPath, "rotate", _folder.FullPath, "--prestage")))];
        (int ExitCode, string Output)[] results = [.. runs.Select(run => run.Result)];
        (int again, string againOutput) = TicketKeysTool.Run(_folder.FullPath, "rotate", _folder.FullPath, "--prestage");

        Assert.All(results, result => Assert.True(result.ExitCode == 0, result.Output));
        string[] files = [.. Directory.GetFiles(_folder.FullPath).Order(StringComparer.Ordinal)];
        Assert.Equal(2, files.Length);
        string[] wrote = [.. results.SelectMany(result => result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Where(line => line.StartsWith("wrote ", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        Assert.Equal(files.Select(file => "wrote " + file), wrote);
        Assert.All(files, file => Assert.Equal(80, new FileInfo(file).Length));
        Assert.Equal(0, again);
        Assert.Contains("is up to date", againOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("new")]
    [InlineData("inspect")]
    [InlineData("convert")]
    [InlineData("rotate")]
    [InlineData("revoke")]
    [InlineData("revoke-all")]
    public void Every_command_has_help(string command)
    {
        (int exitCode, string output) = TicketKeysTool.Run(_folder.FullPath, command, "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains($"ticketkeys {command}", output, StringComparison.Ordinal);
    }

    private static byte[] Bytes(int length, byte first) => [.. Enumerable.Range(0, length).Select(i => unchecked((byte)(first + i)))];

    private string WriteOwnerOnly(string fileName, byte[] contents)
    {
        string path = _folder.PathOf(fileName);
        File.WriteAllBytes(path, contents);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
