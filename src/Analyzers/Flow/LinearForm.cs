using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// An integer or time expression as a sum of atoms times coefficients plus a constant, so that conditions such as
/// <c>key.Expire &lt; Now() - RenewTime</c> can be compared: <c>key.Expire - NOW + RenewTime &lt; 0</c>. Every read of
/// the clock is the one atom <see cref="Now"/>; times are in seconds.
/// </summary>
internal sealed class LinearForm
{
    public const string Now = "now";
    private const int MaxDepth = 16;

    private LinearForm(Dictionary<string, long> terms, long constant)
    {
        Terms = terms;
        Constant = constant;
    }

    public Dictionary<string, long> Terms { get; }

    public long Constant { get; }

    /// <summary>The form of an expression, or null when part of it is neither constant, clock, nor a plain member chain.</summary>
    public static LinearForm? Of(IOperation operation, System.Func<IOperation, bool> isClockRead, FlowValues? values) =>
        Parse(operation, isClockRead, values, 0);

    public LinearForm Minus(LinearForm other) => Combine(this, other, -1);

    public LinearForm Negated() => new(Terms.ToDictionary(term => term.Key, term => -term.Value), -Constant);

    /// <summary>The single atom other than <see cref="Now"/>, when the form is <c>atom - now + c</c>.</summary>
    public string? AtomAgainstNow()
    {
        if (Terms.Count != 2 || !Terms.TryGetValue(Now, out long now) || now != -1)
        {
            return null;
        }

        KeyValuePair<string, long> other = Terms.First(term => term.Key != Now);
        return other.Value == 1 ? other.Key : null;
    }

    public bool IsConstant => Terms.Count == 0;

    private static LinearForm Of(long value) => new(new Dictionary<string, long>(), value);

    private static LinearForm Atom(string key) => new(new Dictionary<string, long> { [key] = 1 }, 0);

    private static LinearForm Combine(LinearForm left, LinearForm right, long sign)
    {
        var terms = new Dictionary<string, long>(left.Terms);
        foreach (KeyValuePair<string, long> term in right.Terms)
        {
            terms[term.Key] = (terms.TryGetValue(term.Key, out long existing) ? existing : 0) + sign * term.Value;
            if (terms[term.Key] == 0)
            {
                terms.Remove(term.Key);
            }
        }

        return new LinearForm(terms, left.Constant + sign * right.Constant);
    }

    private static LinearForm Scaled(LinearForm form, long factor) =>
        new(form.Terms.ToDictionary(term => term.Key, term => term.Value * factor), form.Constant * factor);

    private static LinearForm? Parse(IOperation operation, System.Func<IOperation, bool> isClockRead, FlowValues? values, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        depth++;
        if (new ConstantFolder(null, static _ => null).Fold(operation) is long constant)
        {
            return Of(constant);
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Parse(conversion.Operand, isClockRead, values, depth);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } sum:
                LinearForm? left = Parse(sum.LeftOperand, isClockRead, values, depth);
                LinearForm? right = Parse(sum.RightOperand, isClockRead, values, depth);
                return left is null || right is null ? null : Combine(left, right, sum.OperatorKind == BinaryOperatorKind.Add ? 1 : -1);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product:
                LinearForm? factorLeft = Parse(product.LeftOperand, isClockRead, values, depth);
                LinearForm? factorRight = Parse(product.RightOperand, isClockRead, values, depth);
                return factorLeft is null || factorRight is null ? null
                    : factorRight.IsConstant ? Scaled(factorLeft, factorRight.Constant)
                    : factorLeft.IsConstant ? Scaled(factorRight, factorLeft.Constant)
                    : null;
            case IInvocationOperation { TargetMethod: { IsStatic: true, ContainingType.Name: "TimeSpan" } } span when span.TargetMethod.Name.StartsWith("From", System.StringComparison.Ordinal) && span.Arguments.Length == 1:
                return Parse(span.Arguments[0].Value, isClockRead, values, depth) is { IsConstant: true } amount ? Of(amount.Constant * SecondsPer(span.TargetMethod.Name.Substring(4))) : null;
            case IInvocationOperation { Instance: { } instance, TargetMethod.Name: "ToUnixTimeSeconds" }:
                return Parse(instance, isClockRead, values, depth);
            case IInvocationOperation { Instance: { } instance, Arguments.Length: 1 } add when add.TargetMethod.Name.StartsWith("Add", System.StringComparison.Ordinal) && add.Instance.Type?.Name is "DateTime" or "DateTimeOffset":
                LinearForm? start = Parse(instance, isClockRead, values, depth);
                LinearForm? amountAdded = Parse(add.Arguments[0].Value, isClockRead, values, depth);
                long unit = add.TargetMethod.Name == "Add" ? 1 : SecondsPer(add.TargetMethod.Name.Substring(3));
                return start is null || amountAdded is null || unit == 0 ? null : Combine(start, Scaled(amountAdded, unit), 1);
            case ILocalReferenceOperation local when values?.ValueOf(local.Local) is { } assigned:
                return Parse(assigned, isClockRead, values, depth);
            case IFlowCaptureReferenceOperation capture when values?.ValueOf(capture.Id) is { } captured:
                return Parse(captured, isClockRead, values, depth);
        }

        if (isClockRead(operation))
        {
            return Atom(Now);
        }

        return KeyOf(operation, 0) is { } key ? Atom(key) : null;
    }

    private static long SecondsPer(string unit) => unit switch
    {
        "Days" => 86400,
        "Hours" => 3600,
        "Minutes" => 60,
        "Seconds" => 1,
        _ => 0,
    };

    /// <summary>A name for a plain member chain (<c>key.Expire</c>, <c>s_renew</c>), or null.</summary>
    private static string? KeyOf(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        return operation switch
        {
            ILocalReferenceOperation local => local.Local.Name,
            IParameterReferenceOperation parameter => parameter.Parameter.Name,
            IInstanceReferenceOperation => "this",
            IFieldReferenceOperation field => Member(field.Instance, field.Field.Name, depth),
            IPropertyReferenceOperation { Arguments.Length: 0 } property => Member(property.Instance, property.Property.Name, depth),
            IConversionOperation conversion => KeyOf(conversion.Operand, depth + 1),
            _ => null,
        };
    }

    private static string? Member(IOperation? instance, string name, int depth) =>
        instance is null ? name : KeyOf(instance, depth + 1) is { } owner ? owner + "." + name : null;
}
