using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TicketKeys.Analyzers.Callbacks;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// The <see cref="FillSummary"/> of a method declared in any file of the compilation, read from its declaration as
/// syntax (the analyzer has no semantic model for other files): the CSPRNG fills (<c>RandomNumberGenerator.Fill</c>,
/// <c>GetBytes</c>, <c>GetNonZeroBytes</c>, <c>RAND_bytes</c> and its kin by name or by a binding's entry point) that run
/// whenever it returns (<see cref="RunsOnReturn"/>) and start at one of its buffer parameters, the same for methods it
/// calls in turn, and the calls it makes to its delegate parameters. Buffers are followed through casts, parentheses,
/// <c>new Span&lt;byte&gt;(p, n)</c>, <c>AsSpan</c>/<c>Slice</c>/<c>[..n]</c> from 0, <c>fixed</c> and locals assigned once.
/// </summary>
internal static class SyntaxFills
{
    private const int MaxDepth = 3;
    private const int MaxLocalHops = 8;

    public static FillSummary Summarise(IMethodSymbol method, int depth)
    {
        if (depth > MaxDepth || method.IsExtern)
        {
            return FillSummary.None;
        }

        ImmutableArray<FunctionFill>.Builder fills = ImmutableArray.CreateBuilder<FunctionFill>();
        ImmutableArray<DelegateCall>.Builder delegateCalls = ImmutableArray.CreateBuilder<DelegateCall>();
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            SyntaxNode declaration = reference.GetSyntax();
            (SyntaxNode? code, BlockSyntax? block) = declaration switch
            {
                BaseMethodDeclarationSyntax declared => ((SyntaxNode?)declared.Body ?? declared.ExpressionBody, declared.Body),
                LocalFunctionStatementSyntax local => ((SyntaxNode?)local.Body ?? local.ExpressionBody, local.Body),
                _ => (null, null),
            };

            if (code is null)
            {
                continue;
            }

            var scope = new Scope(method, declaration, block);
            foreach (InvocationExpressionSyntax call in code.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
            {
                if (RunsOnReturn.Holds(call, declaration))
                {
                    Read(call, scope, depth, fills, delegateCalls);
                }
            }
        }

        return fills.Count == 0 && delegateCalls.Count == 0 ? FillSummary.None : new FillSummary(fills.ToImmutable(), delegateCalls.ToImmutable());
    }

    private static void Read(InvocationExpressionSyntax call, Scope scope, int depth, ImmutableArray<FunctionFill>.Builder fills, ImmutableArray<DelegateCall>.Builder delegateCalls)
    {
        SeparatedSyntaxList<ArgumentSyntax> arguments = call.ArgumentList.Arguments;
        if (CsprngFill(call, scope) is ({ } destination, var written))
        {
            if (SpanOf(destination, scope, 0) is { } span)
            {
                fills.Add(FunctionFill.OfParameter(written is null ? span : WithLength(span, written, scope)));
            }

            return;
        }

        if (DelegateParameter(call.Expression, scope) is { } invoked)
        {
            delegateCalls.Add(new DelegateCall(invoked.Ordinal, arguments.Select(argument => SpanOf(argument.Expression, scope, 0)).ToImmutableArray()));
            return;
        }

        // A method of the compilation that fills its own parameters: those fills, through this call's arguments.
        IMethodSymbol[] callees = SyntaxNames.MethodsNamed(call.Expression, scope.Method, scope.Declaration, arguments.Count)
            .Where(callee => !callee.DeclaringSyntaxReferences.IsEmpty && !SymbolEqualityComparer.Default.Equals(callee, scope.Method))
            .Take(2)
            .ToArray();
        if (callees.Length != 1)
        {
            return;
        }

        foreach (FunctionFill fill in Summarise(callees[0], depth + 1).Fills)
        {
            if (fill.Parameter is { } inner && Argument(call, callees[0], inner.Parameter) is { } argument && SpanOf(argument, scope, 0) is { } span)
            {
                ExpressionSyntax? count = inner.LengthParameter is int lengthParameter ? Argument(call, callees[0], lengthParameter) : null;
                fills.Add(FunctionFill.OfParameter(
                    inner.Length is long length ? new ParameterSpan(span.Parameter, length, null)
                    : count is not null ? WithLength(span, count, scope)
                    : span));
            }
        }
    }

    /// <summary>The buffer a CSPRNG call fills and the byte count it is given, if any.</summary>
    private static (ExpressionSyntax? Destination, ExpressionSyntax? Count) CsprngFill(InvocationExpressionSyntax call, Scope scope)
    {
        SeparatedSyntaxList<ArgumentSyntax> arguments = call.ArgumentList.Arguments;
        if (arguments.Count == 0)
        {
            return default;
        }

        string? name = call.Expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } => member.Identifier.ValueText,
            _ => null,
        };

        if (name is "Fill" or "GetBytes" or "GetNonZeroBytes" && call.Expression is MemberAccessExpressionSyntax { Expression: { } owner }
            && (owner.ToString().EndsWith("RandomNumberGenerator", System.StringComparison.Ordinal) || IsGenerator(owner, scope)))
        {
            return arguments.Count switch
            {
                1 => (arguments[0].Expression, null),
                3 when IsZero(arguments[1].Expression, scope) => (arguments[0].Expression, arguments[2].Expression),
                _ => default,
            };
        }

        string? entryPoint = name is not null && OpenSslNames.IsRand(name) ? name
            : SyntaxNames.MethodsNamed(call.Expression, scope.Method, scope.Declaration, arguments.Count)
                .Where(NativeEntryPoint.IsNative)
                .Select(NativeEntryPoint.NameOf)
                .FirstOrDefault(OpenSslNames.IsRand);
        if (entryPoint is null)
        {
            return default;
        }

        int buffer = entryPoint.EndsWith("_ex", System.StringComparison.Ordinal) ? 1 : 0;
        return arguments.Count > buffer + 1 ? (arguments[buffer].Expression, arguments[buffer + 1].Expression) : default;
    }

    /// <summary>An instance generator: <c>RandomNumberGenerator.Create()</c>, a local holding one, or a member of that type.</summary>
    private static bool IsGenerator(ExpressionSyntax receiver, Scope scope)
    {
        switch (receiver)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Create", Expression: { } owner } }:
                return owner.ToString().EndsWith("RandomNumberGenerator", System.StringComparison.Ordinal);
            case IdentifierNameSyntax { Identifier.ValueText: var name }:
                if (scope.Body is not null && SyntaxNames.SingleInitializer(scope.Body, name) is { } initial)
                {
                    return IsGenerator(initial, scope);
                }

                ITypeSymbol? type = SyntaxNames.MemberNamed(scope.Method.ContainingType, name, inherited: true) switch
                {
                    IFieldSymbol field => field.Type,
                    IPropertySymbol property => property.Type,
                    _ => null,
                };
                for (; type is not null; type = type.BaseType)
                {
                    if (type.Name == "RandomNumberGenerator")
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>The buffer parameter an expression starts at (offset 0), with the bytes it spans when they are known.</summary>
    private static ParameterSpan? SpanOf(ExpressionSyntax expression, Scope scope, int hops)
    {
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return SpanOf(parenthesized.Expression, scope, hops);
            case CastExpressionSyntax cast:
                return SpanOf(cast.Expression, scope, hops);
            case IdentifierNameSyntax { Identifier.ValueText: var name }:
                if (IsShadowed(expression, name, scope))
                {
                    return null;
                }

                if (scope.ParameterNamed(name) is { } parameter)
                {
                    return IsBuffer(parameter.Type) ? new ParameterSpan(parameter.Ordinal, null, null) : null;
                }

                return hops < MaxLocalHops && scope.Body is not null && SyntaxNames.SingleInitializer(scope.Body, name) is { } initial
                    ? SpanOf(initial, scope, hops + 1)
                    : null;
            case BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: >= 1 } arguments } creation when IsSpanCreation(creation):
                return arguments.Count switch
                {
                    1 => SpanOf(arguments[0].Expression, scope, hops),
                    2 => Spanning(SpanOf(arguments[0].Expression, scope, hops), arguments[1].Expression, scope),
                    3 when IsZero(arguments[1].Expression, scope) => Spanning(SpanOf(arguments[0].Expression, scope, hops), arguments[2].Expression, scope),
                    _ => null,
                };
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var method, Expression: { } receiver }, ArgumentList.Arguments: var arguments }:
                return (method, arguments.Count) switch
                {
                    ("AsSpan" or "ToPointer", 0) => SpanOf(receiver, scope, hops),
                    ("AsSpan" or "Slice", 1) when IsZero(arguments[0].Expression, scope) => SpanOf(receiver, scope, hops),
                    ("AsSpan" or "Slice", 2) when IsZero(arguments[0].Expression, scope) => Spanning(SpanOf(receiver, scope, hops), arguments[1].Expression, scope),
                    _ => null,
                };
            case ElementAccessExpressionSyntax { ArgumentList.Arguments: { Count: 1 } indices } slice
                when indices[0].Expression is RangeExpressionSyntax range && (range.LeftOperand is null || IsZero(range.LeftOperand, scope)):
                return range.RightOperand is { } end && !end.IsKind(SyntaxKind.IndexExpression)
                    ? Spanning(SpanOf(slice.Expression, scope, hops), end, scope)
                    : null;
            case PrefixUnaryExpressionSyntax { Operand: ElementAccessExpressionSyntax { ArgumentList.Arguments: { Count: 1 } index } first } addressOf
                when addressOf.IsKind(SyntaxKind.AddressOfExpression) && IsZero(index[0].Expression, scope):
                return SpanOf(first.Expression, scope, hops);
            case BinaryExpressionSyntax pointerArithmetic when pointerArithmetic.IsKind(SyntaxKind.AddExpression) && IsZero(pointerArithmetic.Right, scope):
                return SpanOf(pointerArithmetic.Left, scope, hops);
            default:
                return null;
        }
    }

    private static ParameterSpan? Spanning(ParameterSpan? span, ExpressionSyntax length, Scope scope) =>
        span is { } known ? WithLength(known, length, scope) : null;

    /// <summary>The span limited to a count: a constant, a parameter of the method, or unknown (the span's own length, if any).</summary>
    private static ParameterSpan WithLength(ParameterSpan span, ExpressionSyntax length, Scope scope)
    {
        ExpressionSyntax bare = length;
        while (bare is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            bare = bare is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((CastExpressionSyntax)bare).Expression;
        }

        if (bare is IdentifierNameSyntax { Identifier.ValueText: var name } && !IsShadowed(bare, name, scope) && scope.ParameterNamed(name) is { } parameter)
        {
            return new ParameterSpan(span.Parameter, null, parameter.Ordinal);
        }

        return MemberValues.IntegerIn(bare, scope.Method, scope.Body) is long constant ? new ParameterSpan(span.Parameter, constant, null) : span;
    }

    private static IParameterSymbol? DelegateParameter(ExpressionSyntax callee, Scope scope)
    {
        ExpressionSyntax invoked = callee is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Invoke", Expression: { } target } ? target : callee;
        return invoked is IdentifierNameSyntax { Identifier.ValueText: var name } && !IsShadowed(invoked, name, scope)
            && scope.ParameterNamed(name) is { Type.TypeKind: TypeKind.Delegate } parameter
            ? parameter
            : null;
    }

    /// <summary>The argument passed for a callee's parameter, by name or by position.</summary>
    private static ExpressionSyntax? Argument(InvocationExpressionSyntax call, IMethodSymbol callee, int ordinal)
    {
        SeparatedSyntaxList<ArgumentSyntax> arguments = call.ArgumentList.Arguments;
        string name = callee.Parameters[ordinal].Name;
        if (arguments.Any(static argument => argument.NameColon is not null))
        {
            return arguments.FirstOrDefault(argument => argument.NameColon?.Name.Identifier.ValueText == name)?.Expression;
        }

        return ordinal < arguments.Count ? arguments[ordinal].Expression : null;
    }

    /// <summary>Whether a lambda or local function between the name and the method declares a parameter of that name.</summary>
    private static bool IsShadowed(SyntaxNode name, string identifier, Scope scope)
    {
        for (SyntaxNode? node = name.Parent; node is not null && node != scope.Declaration; node = node.Parent)
        {
            bool declares = node switch
            {
                SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText == identifier,
                ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList.Parameters.Any(parameter => parameter.Identifier.ValueText == identifier),
                AnonymousMethodExpressionSyntax { ParameterList: { } list } => list.Parameters.Any(parameter => parameter.Identifier.ValueText == identifier),
                LocalFunctionStatementSyntax local => local.ParameterList.Parameters.Any(parameter => parameter.Identifier.ValueText == identifier),
                _ => false,
            };
            if (declares)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsZero(ExpressionSyntax expression, Scope scope) => MemberValues.IntegerIn(expression, scope.Method, scope.Body) == 0;

    private static bool IsSpanCreation(BaseObjectCreationExpressionSyntax creation) =>
        creation is ImplicitObjectCreationExpressionSyntax
        || creation is ObjectCreationExpressionSyntax { Type: GenericNameSyntax { Identifier.ValueText: "Span" } or QualifiedNameSyntax { Right: GenericNameSyntax { Identifier.ValueText: "Span" } } };

    private static bool IsBuffer(ITypeSymbol type) =>
        type is IPointerTypeSymbol or IArrayTypeSymbol or INamedTypeSymbol { Name: "Span" or "Memory", TypeArguments.Length: 1 }
        || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

    /// <summary>The method being read, its declaration, and its block body (for locals), if it has one.</summary>
    private sealed class Scope
    {
        public Scope(IMethodSymbol method, SyntaxNode declaration, BlockSyntax? body)
        {
            Method = method;
            Declaration = declaration;
            Body = body;
        }

        public IMethodSymbol Method { get; }

        public SyntaxNode Declaration { get; }

        public BlockSyntax? Body { get; }

        public IParameterSymbol? ParameterNamed(string name) => Method.Parameters.FirstOrDefault(parameter => parameter.Name == name);
    }
}
