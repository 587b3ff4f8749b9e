using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TicketKeys.Generator.Emit;
using TicketKeys.Generator.Model;
using TicketKeys.Generator.Parsing;

namespace TicketKeys.Generator;

/// <summary>
/// Generates the native OpenSSL session-ticket callback and <c>AttachTo</c> for every <c>[TicketKeyProvider]</c> class.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class TicketKeyProviderGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    public static class StepNames
    {
        /// <summary>Models parsed from attributed classes (null for unsupported shapes).</summary>
        public const string Providers = "TicketKeyProviders";

        /// <summary>Models of supported providers only.</summary>
        public const string ValidProviders = "ValidTicketKeyProviders";

        /// <summary>Whether the compilation allows unsafe code, which the native entry points need.</summary>
        public const string AllowsUnsafeCode = "AllowsUnsafeCode";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ProviderModel> providers = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.ProviderAttribute,
                static (node, _) => ProviderParser.IsCandidate(node),
                static (attributeContext, cancellationToken) => ProviderParser.Parse(attributeContext, cancellationToken))
            .WithTrackingName(StepNames.Providers)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(StepNames.ValidProviders);

        IncrementalValueProvider<bool> allowsUnsafeCode = context.CompilationProvider
            .Select(static (compilation, _) => compilation.Options is CSharpCompilationOptions { AllowUnsafe: true })
            .WithTrackingName(StepNames.AllowsUnsafeCode);

        context.RegisterSourceOutput(providers.Combine(allowsUnsafeCode), static (output, pair) =>
            output.AddSource(pair.Left.HintName, ProviderEmitter.Emit(pair.Left, pair.Right)));
    }
}
