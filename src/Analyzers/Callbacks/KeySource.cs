using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TicketKeys.Analyzers.Flow;

namespace TicketKeys.Analyzers.Callbacks;

/// <summary>
/// Where a callback's key bytes come from, as the user wrote it: <c>key.Aes</c> with <c>Key? key = s_current;</c> is
/// <c>s_current</c>; <c>currentkey()->aes_key</c> is <c>currentkey()</c>. Named in messages so a user can tell which
/// source a rule judged.
/// </summary>
internal static class KeySource
{
    private const int MaxDepth = 16;

    /// <summary>The source expression's text, or null when the bytes come from nowhere nameable.</summary>
    public static string? Describe(IOperation keyBytes, FlowValues values)
    {
        IOperation? current = keyBytes;
        for (int depth = 0; depth < MaxDepth && current is not null; depth++)
        {
            switch (current)
            {
                case IConversionOperation conversion:
                    current = conversion.Operand;
                    break;
                case IAddressOfOperation addressOf:
                    current = addressOf.Reference;
                    break;
                case IFieldReferenceOperation { Instance: { } owner } when owner is not IInstanceReferenceOperation:
                    current = owner;
                    break;
                case IPropertyReferenceOperation { Instance: { } owner } when owner is not IInstanceReferenceOperation:
                    current = owner;
                    break;
                case IArrayElementReferenceOperation element:
                    current = element.ArrayReference;
                    break;
                case ILocalReferenceOperation local:
                    IOperation? assigned = values.ValueOf(local.Local);
                    if (assigned is null)
                    {
                        return local.Local.Name;
                    }

                    current = assigned;
                    break;
                case IFlowCaptureReferenceOperation capture:
                    current = values.ValueOf(capture.Id);
                    break;
                case IFieldReferenceOperation or IPropertyReferenceOperation or IInvocationOperation or IParameterReferenceOperation:
                    return current.Syntax.ToString();
                default:
                    // A pinned local's initialiser, pointer element access (p[0].aes_key): their first child is the owner.
                    current = current.Kind == OperationKind.None ? FirstChild(current) : null;
                    break;
            }
        }

        return null;
    }

    /// <summary>The initialiser a field is declared with, as written, or null.</summary>
    public static string? InitializerOf(IFieldSymbol field)
    {
        foreach (SyntaxReference reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                return value.ToString();
            }
        }

        return null;
    }

    private static IOperation? FirstChild(IOperation operation)
    {
        foreach (IOperation child in operation.ChildOperations)
        {
            return child;
        }

        return null;
    }
}
