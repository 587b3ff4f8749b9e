using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TicketKeys.Analyzers.Callbacks;

namespace TicketKeys.Analyzers.Flow;

/// <summary>
/// Recognises where code consults a key's validity: a branch whose condition reads the clock (DateTime.UtcNow,
/// TimeProvider, Stopwatch, libc time...) or a key window (CanDecryptAt...), or a call to a helper or local function of
/// the same compilation that does (the man page's <c>currentkey()</c> "current key doesn't exist or isn't valid"), or a
/// lambda or method group that does, handed to another call (<c>keys.FirstOrDefault(k =&gt; k.NotAfter &gt; now)</c>).
/// </summary>
internal sealed class ExpiryChecks
{
    private const int MaxHelperDepth = 2;
    private const int MaxHops = 4;

    private static readonly HashSet<string> ClockMemberNames = new()
    {
        "UtcNow", "Now", "Today", "GetUtcNow", "GetLocalNow", "GetTimestamp", "TickCount", "TickCount64",
        "CanDecryptAt", "CanEncryptAt", "IsRenewalDue", "NotAfter", "Window",
    };

    private readonly FlowValues _values;
    private readonly Dictionary<ISymbol, bool> _helpers = new(SymbolEqualityComparer.Default);

    public ExpiryChecks(FlowValues values) => _values = values;

    /// <summary>Whether the block decides on the clock or a key window, or calls a helper that reads them.</summary>
    public bool IsCheck(BasicBlock block)
    {
        if (block.ConditionalSuccessor is not null && block.BranchValue is not null && ReadsClock(block.BranchValue, 0, MaxHops))
        {
            return true;
        }

        foreach (IOperation operation in block.Operations)
        {
            foreach (IOperation nested in operation.DescendantsAndSelf())
            {
                if (nested is IInvocationOperation or IPropertyReferenceOperation && IsCheckingHelper(nested, 0) || IsCheckingFunction(nested, 0))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the operation reads the clock: a clock member, or a helper of this compilation that does.</summary>
    public bool IsClockRead(IOperation operation) => operation switch
    {
        IPropertyReferenceOperation property => IsClockMember(property.Property) || IsCheckingHelper(property, 0),
        IInvocationOperation call => IsClockMember(call.TargetMethod) || IsCheckingHelper(call, 0),
        _ => false,
    };

    private static bool IsClockMember(ISymbol member) => member switch
    {
        IPropertySymbol { Name: "Now" or "UtcNow" or "Today", ContainingType.Name: "DateTime" or "DateTimeOffset" } => true,
        IPropertySymbol { Name: "TickCount" or "TickCount64", ContainingType.Name: "Environment" } => true,
        IPropertySymbol { Name: "Window" or "NotAfter", ContainingNamespace.Name: "TicketKeys" } => true,
        IMethodSymbol { Name: "GetUtcNow" or "GetLocalNow" or "GetTimestamp", ContainingType.Name: "TimeProvider" or "Stopwatch" } => true,
        IMethodSymbol { Name: "CanDecryptAt" or "CanEncryptAt" or "IsRenewalDue" or "Find" or "GetEncryptionKey", ContainingNamespace.Name: "TicketKeys" } => true,
        IMethodSymbol { IsExtern: true } method => NativeEntryPoint.NameOf(method) is "time" or "clock_gettime" or "gettimeofday",
        _ => false,
    };

    private bool ReadsClock(IOperation root, int depth, int hops)
    {
        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IPropertyReferenceOperation property when IsClockMember(property.Property) || IsCheckingHelper(property, depth):
                case IInvocationOperation call when IsClockMember(call.TargetMethod) || IsCheckingHelper(call, depth):
                    return true;
                case IFlowAnonymousFunctionOperation or IMethodReferenceOperation when IsCheckingFunction(operation, depth):
                    return true;
                case ILocalReferenceOperation local when hops > 0 && _values.ValueOf(local.Local) is { } value && ReadsClock(value, depth, hops - 1):
                    return true;
                case IFlowCaptureReferenceOperation capture when hops > 0 && AnyReadsClock(_values.AllValuesOf(capture.Id), depth, hops - 1):
                    return true;
            }
        }

        return false;
    }

    private bool AnyReadsClock(IReadOnlyList<IOperation> values, int depth, int hops)
    {
        foreach (IOperation value in values)
        {
            if (ReadsClock(value, depth, hops))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A lambda or method group handed to another call (a LINQ or Array.Find predicate) whose body reads the clock or a
    /// key window: the call consults the key's validity through it.
    /// </summary>
    private bool IsCheckingFunction(IOperation operation, int depth) => operation switch
    {
        IFlowAnonymousFunctionOperation lambda => _values.Model is { } model && lambda.Syntax.SyntaxTree == model.SyntaxTree && model.GetOperation(lambda.Syntax) is { } body
            ? ReadsClock(body, depth, MaxHops)
            : MentionsClock(lambda.Syntax),
        IMethodReferenceOperation reference => IsCheckingHelper(reference, depth),
        _ => false,
    };

    /// <summary>A method, local function or property getter of this compilation whose body reads the clock or a key window.</summary>
    private bool IsCheckingHelper(IOperation use, int depth)
    {
        ISymbol? member = use switch
        {
            IInvocationOperation call => call.TargetMethod,
            IMethodReferenceOperation reference => reference.Method,
            IPropertyReferenceOperation property => property.Property.GetMethod,
            _ => null,
        };

        if (member is null || depth >= MaxHelperDepth || member.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        if (_helpers.TryGetValue(member, out bool known))
        {
            return known;
        }

        _helpers[member] = false;
        bool reads = false;
        foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
        {
            SyntaxNode declaration = reference.GetSyntax();
            IOperation? body = (_values.Model ?? use.SemanticModel) is { } model && reference.SyntaxTree == model.SyntaxTree ? model.GetOperation(declaration) : null;

            // Another file's helper: its semantic model is not ours to build, so look at the names it uses.
            // A local function's captured locals are the caller's: follow them to the values the caller assigns.
            int hops = member is IMethodSymbol { MethodKind: MethodKind.LocalFunction } ? MaxHops : 0;
            reads |= body is null ? MentionsClock(declaration) : ReadsClock(body, depth + 1, hops);
        }

        _helpers[member] = reads;
        return reads;
    }

    private static bool MentionsClock(SyntaxNode declaration)
    {
        foreach (SyntaxNode node in declaration.DescendantNodes())
        {
            if (node is IdentifierNameSyntax identifier && ClockMemberNames.Contains(identifier.Identifier.ValueText))
            {
                return true;
            }
        }

        return false;
    }
}
