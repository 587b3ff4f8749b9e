using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TicketKeys.Integration.Tests.Support;
using Xunit;

namespace TicketKeys.Integration.Tests.Readme;

/// <summary>
/// Every command README.md shows is run, word for word, by a test (a call of <c>ReadmeCommands.Run</c> with the command as a
/// string literal, in the test sources) or by CI (<c>.ci/run</c>); and every command a test runs that way is one the README shows.
/// </summary>
public sealed partial class ReadmeCommandCoverageTests
{
    [Fact]
    public void Every_README_command_is_run_by_a_test_or_by_CI()
    {
        string root = ToolProcess.RepositoryRoot();
        IReadOnlyList<string> tested = TestedCommands(TestSources(root));
        string ci = File.ReadAllText(Path.Combine(root, ".ci", "run"));

        Assert.NotEmpty(ReadmeCommands.All);
        Assert.Empty(Untested(ReadmeCommands.All, tested, ci));
        Assert.Empty(tested.Except(ReadmeCommands.All, StringComparer.Ordinal));
    }

    [Fact]
    public void A_command_added_to_the_README_without_a_test_is_reported()
    {
        string root = ToolProcess.RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"))
            + "\n```sh\nticketkeys inspect /etc/nginx/ticket.key   # an untested example\n```\n";

        string[] untested = Untested(ReadmeCommands.Extract(readme), TestedCommands(TestSources(root)), File.ReadAllText(Path.Combine(root, ".ci", "run")));

        Assert.Equal(["ticketkeys inspect /etc/nginx/ticket.key"], untested);
    }

    [Fact]
    public void Commands_are_read_from_shell_blocks_only_without_comments_and_with_continuations_joined()
    {
        string markdown = """
            ```sh
            # a comment line
            dotnet test Generators.sln          # all tests
            openssl s_client -connect 127.0.0.1:4433 \
              -tls1_3
            ```
            ```csharp
            var notACommand = 1;
            ```
            ```text
            ticketkeys new [--format F]
            ```
            """;

        Assert.Equal(["dotnet test Generators.sln", "openssl s_client -connect 127.0.0.1:4433 -tls1_3"], ReadmeCommands.Extract(markdown));
    }

    private static string[] Untested(IReadOnlyList<string> commands, IReadOnlyList<string> tested, string ci) =>
        commands.Where(command => !tested.Contains(command, StringComparer.Ordinal) && !ci.Contains(command, StringComparison.Ordinal)).ToArray();

    private static IEnumerable<string> TestSources(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string[] TestedCommands(IEnumerable<string> sources) =>
        sources.SelectMany(path => RunCall().Matches(File.ReadAllText(path)))
            .Select(match => Regex.Unescape(match.Groups["command"].Value))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    // A call of ReadmeCommands.Run whose first argument is a regular string literal: the command.
    [GeneratedRegex(@"ReadmeCommands\.Run\(\s*""(?<command>(?:[^""\\]|\\.)*)""")]
    private static partial Regex RunCall();
}
