using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// What a small member of the same compilation stands for, read from its declaration in whichever file it is: the
/// integer a parameterless helper returns (<c>static int KeyLength() =&gt; 32;</c>) or a readonly field or get-only
/// property holds, and the byte count of the buffer such a member holds or returns (<c>static readonly byte[] s_key =
/// new byte[32];</c>, <c>var k = new byte[32]; RandomNumberGenerator.Fill(k); return k;</c>). Declarations are read as
/// syntax, so a member of another file reads as one of the same file: names resolve to the member's locals assigned
/// once, members of its containing and base types, and types of its namespaces (not through usings). Summaries are
/// cached per compilation.
/// </summary>
internal static class MemberValues
{
    private const int MaxDepth = 4;
    private const int MaxStatements = 8;

    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<ISymbol, Summary>> Cache = new();

    /// <summary>The integer a method, field or property of integral type always stands for, or null.</summary>
    public static long? IntegerOf(ISymbol member, Compilation? compilation) =>
        IsIntegral(TypeOf(member)) ? SummaryOf(member, compilation).Integer : null;

    /// <summary>The byte count of the buffer a method, field or property always holds or returns, or null.</summary>
    public static long? BufferLengthOf(ISymbol member, Compilation? compilation) => SummaryOf(member, compilation).BufferLength;

    /// <summary>
    /// The integer an expression written in a member's declaration always stands for (a literal, a constant, a small
    /// member's result, a local of <paramref name="body"/> assigned once), or null.
    /// </summary>
    public static long? IntegerIn(ExpressionSyntax expression, ISymbol member, BlockSyntax? body) => Evaluate(expression, member, body, 0).Integer;

    private static Summary SummaryOf(ISymbol member, Compilation? compilation)
    {
        member = member.OriginalDefinition;
        if (member.DeclaringSyntaxReferences.IsEmpty || member is IMethodSymbol { IsExtern: true } or IMethodSymbol { Parameters.Length: > 0 })
        {
            return default;
        }

        // Each cached summary is computed from a fresh depth budget, so it does not depend on which query came first.
        return compilation is null
            ? Summarise(member, 0)
            : Cache.GetValue(compilation, static _ => new ConcurrentDictionary<ISymbol, Summary>(SymbolEqualityComparer.Default))
                .GetOrAdd(member, static symbol => Summarise(symbol, 0));
    }

    private static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        IMethodSymbol method => method.ReturnType,
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    private static bool IsIntegral(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
        or SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_Int16 or SpecialType.System_UInt16
        or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

    private static Summary Summarise(ISymbol member, int depth)
    {
        if (depth > MaxDepth || member is IMethodSymbol { IsExtern: true } or IMethodSymbol { Parameters.Length: > 0 })
        {
            return default;
        }

        if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: { } constant })
        {
            return new Summary(ToLong(constant), null);
        }

        foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
        {
            Summary summary = reference.GetSyntax() switch
            {
                VariableDeclaratorSyntax { Initializer.Value: { } value } when member is IFieldSymbol field =>
                    Readable(Evaluate(value, member, null, depth), field.IsReadOnly),
                PropertyDeclarationSyntax { Initializer.Value: { } value } =>
                    Readable(Evaluate(value, member, null, depth), member is IPropertySymbol { SetMethod: null or { IsInitOnly: true } }),
                PropertyDeclarationSyntax { ExpressionBody.Expression: { } value } => Evaluate(value, member, null, depth),
                PropertyDeclarationSyntax { AccessorList: { } accessors } => Getter(accessors, member, depth),
                BaseMethodDeclarationSyntax method => Returns(method.ExpressionBody?.Expression, method.Body, member, depth),
                LocalFunctionStatementSyntax local => Returns(local.ExpressionBody?.Expression, local.Body, member, depth),
                _ => default,
            };

            if (summary.Integer is not null || summary.BufferLength is not null)
            {
                return summary;
            }
        }

        return default;
    }

    /// <summary>A field or property initialiser tells the buffer's length; its integer only when nothing can reassign it.</summary>
    private static Summary Readable(Summary summary, bool readOnly) => readOnly ? summary : new Summary(null, summary.BufferLength);

    private static Summary Getter(AccessorListSyntax accessors, ISymbol member, int depth)
    {
        foreach (AccessorDeclarationSyntax accessor in accessors.Accessors)
        {
            if (accessor.IsKind(SyntaxKind.GetAccessorDeclaration))
            {
                return accessors.Accessors.Count == 1 ? Returns(accessor.ExpressionBody?.Expression, accessor.Body, member, depth) : default;
            }
        }

        return default;
    }

    /// <summary>What every return of a small body says, when they all agree.</summary>
    private static Summary Returns(ExpressionSyntax? expressionBody, BlockSyntax? body, ISymbol member, int depth)
    {
        if (expressionBody is not null)
        {
            return Evaluate(expressionBody, member, null, depth);
        }

        if (body is null || body.Statements.Count > MaxStatements)
        {
            return default;
        }

        Summary? agreed = null;
        foreach (SyntaxNode node in body.DescendantNodes(static node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            if (node is not ReturnStatementSyntax { Expression: { } returned })
            {
                continue;
            }

            Summary summary = Evaluate(returned, member, body, depth);
            agreed = agreed is not { } previous ? summary
                : new Summary(previous.Integer == summary.Integer ? summary.Integer : null, previous.BufferLength == summary.BufferLength ? summary.BufferLength : null);
        }

        return agreed ?? default;
    }

    private static Summary Evaluate(ExpressionSyntax expression, ISymbol member, BlockSyntax? body, int depth)
    {
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Evaluate(parenthesized.Expression, member, body, depth);
            case CastExpressionSyntax cast:
                return new Summary(Evaluate(cast.Expression, member, body, depth).Integer, null);
            case CheckedExpressionSyntax @checked:
                return Evaluate(@checked.Expression, member, body, depth);
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NumericLiteralExpression):
                return new Summary(ToLong(literal.Token.Value), null);
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.Utf8StringLiteralExpression):
                return new Summary(null, System.Text.Encoding.UTF8.GetByteCount(literal.Token.ValueText));
            case PrefixUnaryExpressionSyntax negative when negative.IsKind(SyntaxKind.UnaryMinusExpression):
                return new Summary(-Evaluate(negative.Operand, member, body, depth).Integer, null);
            case BinaryExpressionSyntax binary:
                return new Summary(Arithmetic(binary, member, body, depth), null);
            case ArrayCreationExpressionSyntax { Initializer: { } initializer }:
                return new Summary(null, initializer.Expressions.Count);
            case ArrayCreationExpressionSyntax { Type.RankSpecifiers.Count: > 0 } array when array.Type.RankSpecifiers[0].Sizes.Count == 1:
                return new Summary(null, Evaluate(array.Type.RankSpecifiers[0].Sizes[0], member, body, depth).Integer);
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                return new Summary(null, implicitArray.Initializer.Expressions.Count);
            case CollectionExpressionSyntax collection when collection.Elements.All(static element => element is ExpressionElementSyntax):
                return new Summary(null, collection.Elements.Count);
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetBytes", Expression: var owner }, ArgumentList.Arguments.Count: 1 } csprng
                when owner.ToString().EndsWith("RandomNumberGenerator", System.StringComparison.Ordinal):
                return new Summary(null, Evaluate(csprng.ArgumentList.Arguments[0].Expression, member, body, depth).Integer);
            case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call:
                return Resolve(call.Expression, member, body, depth) is { } helper ? helper : default;
            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                return Resolve(expression, member, body, depth) ?? default;
            default:
                return default;
        }
    }

    private static long? Arithmetic(BinaryExpressionSyntax binary, ISymbol member, BlockSyntax? body, int depth)
    {
        if (Evaluate(binary.Left, member, body, depth).Integer is not long left || Evaluate(binary.Right, member, body, depth).Integer is not long right)
        {
            return null;
        }

        return binary.Kind() switch
        {
            SyntaxKind.AddExpression => left + right,
            SyntaxKind.SubtractExpression => left - right,
            SyntaxKind.MultiplyExpression => left * right,
            SyntaxKind.DivideExpression when right != 0 => left / right,
            SyntaxKind.LeftShiftExpression => left << (int)right,
            _ => null,
        };
    }

    /// <summary>What a name stands for: a local of the body assigned once, else a member found by name.</summary>
    private static Summary? Resolve(ExpressionSyntax name, ISymbol member, BlockSyntax? body, int depth)
    {
        if (name is IdentifierNameSyntax { Identifier.ValueText: var local } && body is not null && SyntaxNames.SingleInitializer(body, local) is { } initial)
        {
            return Evaluate(initial, member, body, depth);
        }

        ISymbol? target = name switch
        {
            IdentifierNameSyntax identifier => SyntaxNames.MemberNamed(member.ContainingType, identifier.Identifier.ValueText, inherited: true),
            MemberAccessExpressionSyntax { Expression: { } owner, Name: IdentifierNameSyntax identifier } =>
                SyntaxNames.TypeNamed(owner, member) is { } type ? SyntaxNames.MemberNamed(type, identifier.Identifier.ValueText, inherited: false) : null,
            _ => null,
        };

        return target is null ? null : Summarise(target, depth + 1);
    }

    private static long? ToLong(object? value) => value switch
    {
        int i => i,
        long l => l,
        uint u => u,
        short s => s,
        ushort us => us,
        byte b => b,
        sbyte sb => sb,
        ulong ul when ul <= long.MaxValue => (long)ul,
        _ => null,
    };

    /// <summary>A member's integer value and the length of the buffer it stands for, each null when unknown.</summary>
    private readonly struct Summary
    {
        public Summary(long? integer, long? bufferLength)
        {
            Integer = integer;
            BufferLength = bufferLength;
        }

        public long? Integer { get; }

        public long? BufferLength { get; }
    }
}
