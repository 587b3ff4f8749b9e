using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// Folds an integer or boolean expression to a value, with some leaves bound to assumed values (the callback's
/// <c>enc</c> parameter, a CSPRNG call's result), and small members of the compilation read through
/// <see cref="MemberValues"/> (<c>new byte[KeyLength()]</c>). Returns null when the value depends on anything else.
/// </summary>
internal sealed class ConstantFolder
{
    private const int MaxDepth = 24;
    private readonly FlowValues? _values;
    private readonly Func<IOperation, object?> _bindLeaf;

    /// <param name="values">Single assignments to follow, or null.</param>
    /// <param name="bindLeaf">The assumed value (long or bool) of a leaf operation, or null when it is not bound.</param>
    public ConstantFolder(FlowValues? values, Func<IOperation, object?> bindLeaf)
    {
        _values = values;
        _bindLeaf = bindLeaf;
    }

    public bool? FoldBoolean(IOperation operation) => Fold(operation, 0) as bool?;

    public object? Fold(IOperation operation) => Fold(operation, 0);

    private static object? Normalize(object? constant) => constant switch
    {
        bool b => b,
        int i => (long)i,
        long l => l,
        short s => (long)s,
        sbyte sb => (long)sb,
        byte b => (long)b,
        ushort us => (long)us,
        uint ui => (long)ui,
        char c => (long)c,
        _ => null,
    };

    private object? Fold(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        if (_bindLeaf(operation) is { } bound)
        {
            return bound;
        }

        if (operation.ConstantValue.HasValue)
        {
            return Normalize(operation.ConstantValue.Value);
        }

        depth++;
        switch (operation)
        {
            case IConversionOperation conversion:
                return Fold(conversion.Operand, depth);
            case ILocalReferenceOperation local when _values?.ValueOf(local.Local) is { } localValue:
                return Fold(localValue, depth);
            case IFlowCaptureReferenceOperation capture when _values?.ValueOf(capture.Id) is { } captured:
                return Fold(captured, depth);
            case IUnaryOperation unary:
                return FoldUnary(unary.OperatorKind, Fold(unary.Operand, depth));
            case IBinaryOperation binary:
                return FoldBinary(binary, depth);
            case IIsPatternOperation isPattern:
                return Fold(isPattern.Value, depth) is { } tested ? Matches(tested, isPattern.Pattern, depth) : null;
            case IInvocationOperation { TargetMethod: { Name: "ToBoolean", ContainingType.Name: "Convert" } } toBoolean when toBoolean.Arguments.Length == 1:
                return Fold(toBoolean.Arguments[0].Value, depth) is long number ? number != 0 : null;
            case IInvocationOperation { Arguments.Length: 0 } helper:
                return MemberValues.IntegerOf(helper.TargetMethod, CompilationOf(operation));
            case IFieldReferenceOperation field:
                return MemberValues.IntegerOf(field.Field, CompilationOf(operation));
            case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                return MemberValues.IntegerOf(property.Property, CompilationOf(operation));
            default:
                return null;
        }
    }

    /// <summary>The compilation whose helpers a fold may read (operations of a control flow graph carry no semantic model).</summary>
    private Compilation? CompilationOf(IOperation operation) => (_values?.Model ?? operation.SemanticModel)?.Compilation;

    private static object? FoldUnary(UnaryOperatorKind kind, object? operand) => (kind, operand) switch
    {
        (UnaryOperatorKind.Not, bool b) => !b,
        (UnaryOperatorKind.Minus, long l) => -l,
        (UnaryOperatorKind.Plus, long l) => l,
        (UnaryOperatorKind.BitwiseNegation, long l) => ~l,
        _ => null,
    };

    private object? FoldBinary(IBinaryOperation binary, int depth)
    {
        object? left = Fold(binary.LeftOperand, depth);
        switch (binary.OperatorKind)
        {
            case BinaryOperatorKind.ConditionalAnd when left is false:
                return false;
            case BinaryOperatorKind.ConditionalOr when left is true:
                return true;
        }

        object? right = Fold(binary.RightOperand, depth);
        if (left is long l && right is long r)
        {
            return binary.OperatorKind switch
            {
                BinaryOperatorKind.Equals => l == r,
                BinaryOperatorKind.NotEquals => l != r,
                BinaryOperatorKind.LessThan => l < r,
                BinaryOperatorKind.LessThanOrEqual => l <= r,
                BinaryOperatorKind.GreaterThan => l > r,
                BinaryOperatorKind.GreaterThanOrEqual => l >= r,
                BinaryOperatorKind.Add => l + r,
                BinaryOperatorKind.Subtract => l - r,
                BinaryOperatorKind.Multiply => l * r,
                BinaryOperatorKind.And => l & r,
                BinaryOperatorKind.Or => l | r,
                BinaryOperatorKind.ExclusiveOr => l ^ r,
                _ => null,
            };
        }

        if (left is bool lb && right is bool rb)
        {
            return binary.OperatorKind switch
            {
                BinaryOperatorKind.Equals => lb == rb,
                BinaryOperatorKind.NotEquals => lb != rb,
                BinaryOperatorKind.And or BinaryOperatorKind.ConditionalAnd => lb && rb,
                BinaryOperatorKind.Or or BinaryOperatorKind.ConditionalOr => lb || rb,
                BinaryOperatorKind.ExclusiveOr => lb ^ rb,
                _ => null,
            };
        }

        return null;
    }

    private bool? Matches(object tested, IPatternOperation pattern, int depth)
    {
        switch (pattern)
        {
            case IConstantPatternOperation constant:
                object? expected = Fold(constant.Value, depth);
                return expected is null ? null : Equals(tested, expected);
            case IRelationalPatternOperation relational when tested is long t && Fold(relational.Value, depth) is long v:
                return relational.OperatorKind switch
                {
                    BinaryOperatorKind.LessThan => t < v,
                    BinaryOperatorKind.LessThanOrEqual => t <= v,
                    BinaryOperatorKind.GreaterThan => t > v,
                    BinaryOperatorKind.GreaterThanOrEqual => t >= v,
                    _ => null,
                };
            case INegatedPatternOperation negated:
                return !Matches(tested, negated.Pattern, depth);
            case IBinaryPatternOperation binaryPattern:
                bool? left = Matches(tested, binaryPattern.LeftPattern, depth);
                bool? right = Matches(tested, binaryPattern.RightPattern, depth);
                return binaryPattern.OperatorKind == BinaryOperatorKind.And ? left & right : left | right;
            case IDiscardPatternOperation:
                return true;
            default:
                return null;
        }
    }
}
