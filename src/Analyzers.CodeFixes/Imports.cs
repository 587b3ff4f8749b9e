using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace TicketKeys.Analyzers.CodeFixes;

/// <summary>Turns the fully qualified names a fix inserts into short names with the usings they need.</summary>
internal static class Imports
{
    public static async Task<Document> AddAndSimplifyAsync(Document document, CancellationToken cancellationToken)
    {
        Document imported = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Simplifier.ReduceAsync(imported, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
