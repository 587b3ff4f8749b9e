using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using TicketKeys.Analyzers.Tests.Infrastructure;
using Xunit;

namespace TicketKeys.Analyzers.Tests;

/// <summary>Every rule has one descriptor, one analyzer, a help link to its doc page, the page itself and a release-tracking row.</summary>
public sealed class RuleCatalogTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .ToArray();

    private static readonly string[] Ids = typeof(DiagnosticIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (string)field.GetValue(null)!)
        .ToArray();

    public static TheoryData<string> RuleIds() => new(Ids);

    [Fact]
    public void Ids_are_unique_and_each_has_one_descriptor()
    {
        Assert.Equal(12, Ids.Length);
        Assert.Equal(Ids.Length, Ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Ids.OrderBy(id => id, StringComparer.Ordinal), Descriptors.Select(descriptor => descriptor.Id).OrderBy(id => id, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_help_link_doc_page_analyzer_and_release_row(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors.Single(candidate => candidate.Id == id);
        Assert.Equal($"{RepositoryUrl()}/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);

        string page = Path.Combine(RepositoryPaths.Root, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{id} has no doc page at {page}");
        string text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}", text, StringComparison.Ordinal);
        foreach (string section in new[] { "## What it reports", "## Why", "## Bad", "## Good", "## How to suppress" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }

        Assert.Single(AllAnalyzersVerifier.All, analyzer => analyzer.SupportedDiagnostics.Any(supported => supported.Id == id));

        string releases = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", releases, StringComparison.Ordinal);
    }

    /// <summary>The one place that names the repository: Directory.Build.props.</summary>
    private static string RepositoryUrl()
    {
        string props = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Directory.Build.props"));
        int start = props.IndexOf("<RepositoryUrl>", StringComparison.Ordinal) + "<RepositoryUrl>".Length;
        return props[start..props.IndexOf("</RepositoryUrl>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void Every_analyzer_reports_only_catalogue_descriptors()
    {
        IEnumerable<DiagnosticDescriptor> supported = AllAnalyzersVerifier.All.SelectMany(analyzer => analyzer.SupportedDiagnostics);
        Assert.All(supported, descriptor => Assert.Contains(descriptor, Descriptors));
    }
}
