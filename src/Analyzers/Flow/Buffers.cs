using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// What memory a buffer expression denotes: <c>iv</c>, <c>(IntPtr)iv</c>, <c>iv + 0</c>, <c>new Span&lt;byte&gt;(iv, 16)</c>,
/// <c>&amp;array[0]</c>, <c>array.AsSpan()</c> and aliases assigned once all denote the same root symbol; and how many
/// bytes it spans when that is a constant.
/// </summary>
internal static class Buffers
{
    private const int MaxDepth = 16;

    /// <summary>The parameter, local or field a buffer expression points into, or null when unknown.</summary>
    public static ISymbol? RootOf(IOperation operation, FlowValues? values)
    {
        IOperation? current = operation;
        for (int depth = 0; depth < MaxDepth && current is not null; depth++)
        {
            switch (current)
            {
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IFieldReferenceOperation field:
                    return field.Field;
                case ILocalReferenceOperation local:
                    IOperation? assigned = values?.ValueOf(local.Local);
                    if (assigned is null || IsFreshBuffer(assigned))
                    {
                        return local.Local;
                    }

                    current = assigned;
                    break;
                default:
                    current = Inner(current, values);
                    break;
            }
        }

        return null;
    }

    /// <summary>
    /// The constant byte offset of a buffer expression from its root: <c>keyName + 4</c>, a span or local over it, 0 for
    /// the root itself; null when an offset is not a constant.
    /// </summary>
    public static long? OffsetOf(IOperation operation, FlowValues? values)
    {
        var folder = new ConstantFolder(values, static _ => null);
        long offset = 0;
        IOperation? current = operation;
        for (int depth = 0; depth < MaxDepth && current is not null; depth++)
        {
            switch (current)
            {
                case IParameterReferenceOperation or IFieldReferenceOperation:
                    return offset;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } pointerArithmetic when pointerArithmetic.LeftOperand.Type?.TypeKind == TypeKind.Pointer:
                    if (folder.Fold(pointerArithmetic.RightOperand) is not long step)
                    {
                        return null;
                    }

                    offset += step;
                    current = pointerArithmetic.LeftOperand;
                    break;
                case ILocalReferenceOperation local:
                    current = values?.ValueOf(local.Local);
                    if (current is null)
                    {
                        return offset;
                    }

                    break;
                default:
                    current = Inner(current, values);
                    break;
            }
        }

        return null;
    }

    /// <summary>
    /// The number of bytes a buffer expression spans, when a constant says so: in the expression, or in the initialiser or
    /// result of a small member of the compilation (<see cref="MemberValues"/>).
    /// </summary>
    public static long? LengthOf(IOperation operation, FlowValues? values)
    {
        var folder = new ConstantFolder(values, static _ => null);
        IOperation? current = operation;
        for (int depth = 0; depth < MaxDepth && current is not null; depth++)
        {
            switch (current)
            {
                case IObjectCreationOperation { Arguments.Length: 2 } span when IsSpan(span.Type):
                    return folder.Fold(span.Arguments[1].Value) as long?;
                case IInvocationOperation { TargetMethod.Name: "AsSpan" or "Slice" } slice when slice.Arguments.Length == (slice.TargetMethod.IsExtensionMethod ? 3 : 2):
                    return folder.Fold(slice.Arguments[slice.Arguments.Length - 1].Value) as long?;
                case IArrayElementReferenceOperation { Indices.Length: 1 } element when element.Indices[0] is IRangeOperation range:
                    return RangeLength(range, element.ArrayReference, values, folder);
                case IImplicitIndexerReferenceOperation { Argument: IRangeOperation range } indexer:
                    return RangeLength(range, indexer.Instance, values, folder);
                case IArrayCreationOperation { Initializer: { } initializer }:
                    return initializer.ElementValues.Length;
                case IArrayCreationOperation { DimensionSizes.Length: 1 } array:
                    return folder.Fold(array.DimensionSizes[0]) as long?;
                case IUtf8StringOperation utf8:
                    return System.Text.Encoding.UTF8.GetByteCount(utf8.Value);
                case ILocalReferenceOperation local:
                    current = values?.ValueOf(local.Local);
                    break;
                case IFieldReferenceOperation field:
                    SemanticModel? model = values?.Model ?? field.SemanticModel;
                    current = InitializerOf(field.Field, model);
                    if (current is null)
                    {
                        return MemberValues.BufferLengthOf(field.Field, model?.Compilation);
                    }

                    break;
                case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                    return MemberValues.BufferLengthOf(property.Property, (values?.Model ?? property.SemanticModel)?.Compilation);
                case IInvocationOperation { Arguments.Length: 1 } csprng when BufferWrite.ReturnsCsprngBytes(csprng):
                    return folder.Fold(csprng.Arguments[0].Value) as long?;
                case IInvocationOperation { Arguments.Length: 0, TargetMethod.ReturnType: IArrayTypeSymbol } helper:
                    return MemberValues.BufferLengthOf(helper.TargetMethod, (values?.Model ?? helper.SemanticModel)?.Compilation);
                case { Kind: OperationKind.None, Syntax: StackAllocArrayCreationExpressionSyntax stackAlloc }:
                    return stackAlloc.Initializer is { } listed
                        ? listed.Expressions.Count
                        : FirstChild(current) is { } size ? folder.Fold(size) as long? : null;
                default:
                    current = Inner(current, values);
                    break;
            }
        }

        return null;
    }

    /// <summary>
    /// The length of <c>buffer[a..b]</c>: <c>b - a</c>, with a missing or from-end (<c>^n</c>) bound taken from the
    /// buffer's own length; null when a bound is not a constant.
    /// </summary>
    private static long? RangeLength(IRangeOperation range, IOperation buffer, FlowValues? values, ConstantFolder folder)
    {
        long? whole = null;
        long? Bound(IOperation? bound, bool isEnd)
        {
            switch (bound)
            {
                case null when !isEnd:
                    return 0;
                case null:
                    return whole ??= LengthOf(buffer, values);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEnd:
                    return (whole ??= LengthOf(buffer, values)) - (folder.Fold(fromEnd.Operand) as long?);
                default:
                    return folder.Fold(StripConversions(bound)) as long?;
            }
        }

        return Bound(range.LeftOperand, isEnd: false) is long start && Bound(range.RightOperand, isEnd: true) is long end && end >= start
            ? end - start
            : null;
    }

    private static IOperation StripConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The initial value of a field declared in the semantic model's tree, or null.</summary>
    public static IOperation? InitializerOf(IFieldSymbol field, SemanticModel? model)
    {
        if (model is null)
        {
            return null;
        }

        foreach (SyntaxReference reference in field.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == model.SyntaxTree && reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                // A bare '{ 1, 2 }' initialiser's operation is the initializer; its parent is the array creation.
                IOperation? initial = model.GetOperation(value);
                return initial is IArrayInitializerOperation { Parent: { } creation } ? creation : initial;
            }
        }

        return null;
    }

    private static bool IsSpan(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace.Name: "System", TypeArguments.Length: 1 };

    /// <summary>A value that starts a buffer of its own: a local holding it is the root, not what it was made from.</summary>
    private static bool IsFreshBuffer(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value is IArrayCreationOperation or IInvocationOperation { TargetMethod.ReturnType: IArrayTypeSymbol } || value.Kind == OperationKind.None && value.Syntax is StackAllocArrayCreationExpressionSyntax;
    }

    private static IOperation? Inner(IOperation operation, FlowValues? values) => operation switch
    {
        IConversionOperation conversion => conversion.Operand,
        IFlowCaptureReferenceOperation capture => values?.ValueOf(capture.Id),
        IObjectCreationOperation { Arguments.Length: >= 1 } span when IsSpan(span.Type) => span.Arguments[0].Value,
        IInvocationOperation { TargetMethod.Name: "AsSpan" or "Slice" or "ToPointer" or "AsPointer" or "GetReference" or "GetPinnableReference" } call =>
            call.Instance ?? (call.Arguments.Length > 0 ? call.Arguments[0].Value : null),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } pointerArithmetic => pointerArithmetic.LeftOperand,
        IAddressOfOperation addressOf => addressOf.Reference,
        IArrayElementReferenceOperation element => element.ArrayReference,
        IParenthesizedOperation parenthesized => parenthesized.Operand,
        // Pointer element access and indirection (p[i], *p) and a fixed statement's pinned initialiser have no public
        // operation kind in Roslyn 4.8; their first child is the buffer.
        _ when operation.Kind == OperationKind.None => FirstChild(operation),
        _ => null,
    };

    private static IOperation? FirstChild(IOperation operation)
    {
        foreach (IOperation child in operation.ChildOperations)
        {
            return child;
        }

        return null;
    }
}
