using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// Whether bytes come from the source code itself: an array initialiser of constants, a u8 literal,
/// Encoding.*.GetBytes("…"), Convert.FromHexString("…") or Convert.FromBase64String("…"), directly or through spans,
/// pointers, fixed statements, locals and fields initialised with them.
/// </summary>
internal static class HardCodedBytes
{
    private const int MaxDepth = 16;

    /// <summary>A short description of the hard-coded source, or null when the bytes are not from a literal.</summary>
    public static string? Describe(IOperation operation, FlowValues? values)
    {
        IOperation? current = operation;
        for (int depth = 0; depth < MaxDepth && current is not null; depth++)
        {
            switch (current)
            {
                case IArrayCreationOperation { Initializer.ElementValues: { Length: > 0 } elements }:
                    foreach (IOperation element in elements)
                    {
                        if (!element.ConstantValue.HasValue)
                        {
                            return null;
                        }
                    }

                    return "an array initialiser";
                case IUtf8StringOperation:
                    return "a u8 string literal";
                case IInvocationOperation { Arguments.Length: 1 } call when IsDecoder(call.TargetMethod) && IsConstantString(call.Arguments[0].Value):
                    return $"{call.TargetMethod.ContainingType.Name}.{call.TargetMethod.Name} of a constant string";
                case ILocalReferenceOperation local:
                    current = values?.ValueOf(local.Local);
                    break;
                case IFieldReferenceOperation field:
                    IOperation? initializer = Buffers.InitializerOf(field.Field, values?.Model ?? field.SemanticModel);
                    if (initializer is null)
                    {
                        return DescribeFieldSyntax(field.Field);
                    }

                    current = initializer;
                    break;
                case IConversionOperation conversion:
                    current = conversion.Operand;
                    break;
                case IObjectCreationOperation { Arguments.Length: >= 1 } span when span.Type?.Name is "Span" or "ReadOnlySpan":
                    current = span.Arguments[0].Value;
                    break;
                case IInvocationOperation { TargetMethod.Name: "AsSpan" or "ToArray" } call:
                    current = call.Instance ?? (call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
                    break;
                case IAddressOfOperation addressOf:
                    current = addressOf.Reference;
                    break;
                case IArrayElementReferenceOperation element:
                    current = element.ArrayReference;
                    break;
                default:
                    current = current.Kind == OperationKind.None ? FirstChild(current) : null;
                    break;
            }
        }

        return null;
    }

    private static bool IsConstantString(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value.ConstantValue.Value is string;
    }

    private static bool IsDecoder(IMethodSymbol method) =>
        method.Name == "GetBytes" && method.ContainingType.Name.EndsWith("Encoding", System.StringComparison.Ordinal)
        || method.Name is "FromHexString" or "FromBase64String" && method.ContainingType.Name == "Convert";

    /// <summary>A field of another file: judged by its initialiser's syntax, as building that file's semantic model is not ours to do.</summary>
    private static string? DescribeFieldSyntax(IFieldSymbol field)
    {
        foreach (SyntaxReference reference in field.DeclaringSyntaxReferences)
        {
            ExpressionSyntax? value = (reference.GetSyntax() as VariableDeclaratorSyntax)?.Initializer?.Value;
            switch (value)
            {
                case ArrayCreationExpressionSyntax { Initializer: { Expressions.Count: > 0 } list } when AllLiterals(list):
                case ImplicitArrayCreationExpressionSyntax { Initializer: { Expressions.Count: > 0 } implicitList } when AllLiterals(implicitList):
                case InitializerExpressionSyntax { Expressions.Count: > 0 } bare when AllLiterals(bare):
                    return "an array initialiser";
                case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.Utf8StringLiteralExpression }:
                    return "a u8 string literal";
            }
        }

        return null;
    }

    private static bool AllLiterals(InitializerExpressionSyntax list)
    {
        foreach (ExpressionSyntax expression in list.Expressions)
        {
            if (expression is not LiteralExpressionSyntax and not CastExpressionSyntax { Expression: LiteralExpressionSyntax })
            {
                return false;
            }
        }

        return true;
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
