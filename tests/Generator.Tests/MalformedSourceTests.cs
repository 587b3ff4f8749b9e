using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TicketKeys.Generator.Tests;

/// <summary>Code being typed is often broken: the generator must never throw on it.</summary>
public class MalformedSourceTests
{
    [Theory]
    [InlineData("[TicketKeyProvider] public partial class")]
    [InlineData("[TicketKeyProvider] public partial class P {")]
    [InlineData("[TicketKeyProvider(] public partial class P { }")]
    [InlineData("[TicketKeyProvider(EncryptFailure = 42)] public partial class P { [EncryptionKey] TicketKey? E() => null; [DecryptionKey] TicketKeyLookup D(ReadOnlySpan<byte> n) => default; }")]
    [InlineData("[TicketKeyProvider(RenewOnTls13Resumption = \"yes\")] public partial class P { [EncryptionKey] TicketKey? E() => null; [DecryptionKey] TicketKeyLookup D(ReadOnlySpan<byte> n) => default; }")]
    [InlineData("[TicketKeyProvider] public partial struct P { }")]
    [InlineData("[TicketKeyProvider] public partial interface P { }")]
    [InlineData("[TicketKeyProvider] public partial record struct P;")]
    [InlineData("[TicketKeyProvider] public partial class P { [EncryptionKey] TicketKey? E( => null; }")]
    [InlineData("[TicketKeyProvider] public partial class P { [EncryptionKey] Missing E() => null; [DecryptionKey] Unknown D(ReadOnlySpan<byte> n) => default; }")]
    [InlineData("[TicketKeyProvider] public partial class P { [EncryptionKey] TicketKey? E() => null; [DecryptionKey] TicketKeyLookup D(ReadOnlySpan<> n) => default; }")]
    [InlineData("[TicketKeyProvider] [TicketKeyProvider] public partial class P { }")]
    [InlineData("namespace { [TicketKeyProvider] public partial class P { } }")]
    [InlineData("[TicketKeyProvider] public partial class P : P { }")]
    [InlineData("public partial class Outer { [TicketKeyProvider] partial class }")]
    public void Broken_code_never_makes_the_generator_throw(string declaration)
    {
        string source = $"""
            using System;
            using TicketKeys;

            {declaration}
            """;

        GeneratorRunResult result = GeneratorHarness.CreateDriver()
            .RunGenerators(GeneratorHarness.CreateCompilation(source))
            .GetRunResult().Results.Single();

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
    }
}
