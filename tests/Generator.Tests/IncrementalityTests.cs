using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TicketKeys.Generator.Model;
using Xunit;

namespace TicketKeys.Generator.Tests;

public class IncrementalityTests
{
    private const string Provider = """
        using System;
        using TicketKeys;

        namespace Cached;

        [TicketKeyProvider]
        public sealed partial class CachedKeys(TicketKeyRing ring)
        {
            [EncryptionKey] private TicketKey? Current() => ring.GetEncryptionKey();
            [DecryptionKey] private TicketKeyLookup Find(ReadOnlySpan<byte> keyName) => ring.Find(keyName);
        }
        """;

    [Fact]
    public void An_unrelated_edit_leaves_every_step_and_the_output_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Provider, "namespace Cached; public static class Other { public static int Value => 1; }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree other = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            other, CSharpSyntaxTree.ParseText("namespace Cached; public static class Other { public static int Value => 2; }", (CSharpParseOptions)other.Options));
        GeneratorRunResult rerun = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertSteps(rerun, TicketKeyProviderGenerator.StepNames.Providers, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertSteps(rerun, TicketKeyProviderGenerator.StepNames.ValidProviders, IncrementalStepRunReason.Cached);
        AssertSteps(rerun, TicketKeyProviderGenerator.StepNames.AllowsUnsafeCode, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        Assert.All(
            rerun.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void An_edit_to_the_provider_method_name_regenerates()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Provider);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree tree = compilation.SyntaxTrees.Single();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            tree, CSharpSyntaxTree.ParseText(Provider.Replace("Current()", "Newest()", StringComparison.Ordinal), (CSharpParseOptions)tree.Options));
        GeneratorRunResult rerun = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertSteps(rerun, TicketKeyProviderGenerator.StepNames.Providers, IncrementalStepRunReason.Modified);
        Assert.Contains("provider.Newest()", rerun.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Turning_unsafe_code_on_regenerates_the_entry_points()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(allowUnsafe: false, Provider);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.DoesNotContain("UnmanagedCallersOnly", driver.GetRunResult().GeneratedTrees.Single().ToString(), StringComparison.Ordinal);

        CSharpCompilation unsafeAllowed = compilation.WithOptions(compilation.Options.WithAllowUnsafe(true));
        GeneratorRunResult rerun = driver.RunGenerators(unsafeAllowed).GetRunResult().Results.Single();

        AssertSteps(rerun, TicketKeyProviderGenerator.StepNames.AllowsUnsafeCode, IncrementalStepRunReason.Modified);
        Assert.Contains("UnmanagedCallersOnly", rerun.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_holds_no_symbols_syntax_or_compilations()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(SemanticModel) };
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([typeof(ProviderModel)]);
        while (pending.Count > 0)
        {
            Type type = pending.Pop();
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
            {
                continue;
            }

            Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(type));
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                pending.Push(field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType);
                foreach (Type argument in field.FieldType.GetGenericArguments())
                {
                    pending.Push(argument);
                }
            }
        }

        Assert.Contains(typeof(ContainingTypeModel), seen);
        Assert.Contains(typeof(KeyMethodModel), seen);
    }

    [Fact]
    public void Models_from_two_compilations_of_the_same_source_are_equal()
    {
        ProviderModel first = ModelOf(GeneratorHarness.CreateCompilation(Provider));
        ProviderModel second = ModelOf(GeneratorHarness.CreateCompilation(Provider));

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    private static ProviderModel ModelOf(Compilation compilation) =>
        (ProviderModel)GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single()
            .TrackedSteps[TicketKeyProviderGenerator.StepNames.ValidProviders].Single().Outputs.Single().Value;

    private static void AssertSteps(GeneratorRunResult result, string stepName, params IncrementalStepRunReason[] allowed)
    {
        IncrementalGeneratorRunStep[] steps = result.TrackedSteps[stepName].ToArray();
        Assert.NotEmpty(steps);
        Assert.All(steps.SelectMany(step => step.Outputs), output => Assert.Contains(output.Reason, allowed));
    }
}
