using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TicketKeys.Analyzers.Callbacks;
using TicketKeys.Analyzers.Flow;

namespace TicketKeys.Analyzers.Rules;

/// <summary>
/// TKP004: the result of RAND_bytes or RAND_priv_bytes (1 on success, 0 or -1 on failure) is dropped, treated as
/// failure when it is 1 (the man page's <c>if (RAND_bytes(iv, EVP_MAX_IV_LENGTH)) return -1;</c>), or checked so that a
/// failure value passes. Applies to every call, in a callback or not, whatever binding declares the function.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CsprngResultUncheckedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: how the code fix repairs the call (<see cref="GuardFix"/> or <see cref="ConditionFix"/>).</summary>
    public const string FixProperty = "Fix";

    /// <summary>The result is dropped in a function returning int: wrap the call in <c>if (call != 1) return -1;</c>.</summary>
    public const string GuardFix = "Guard";

    /// <summary>The condition is inverted: rewrite it as <c>call != 1</c> (or <c>== 1</c> when the failure branch is the else).</summary>
    public const string ConditionFix = "Condition";

    /// <summary>For <see cref="ConditionFix"/>: "!=" when the failure branch is the then-branch, "==" when it is the else.</summary>
    public const string OperatorProperty = "Operator";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CsprngResultUnchecked);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(AnalyzeCall, OperationKind.Invocation);
    }

    private static void AnalyzeCall(OperationAnalysisContext context)
    {
        var call = (IInvocationOperation)context.Operation;
        IMethodSymbol method = call.TargetMethod;
        // Cheap filter first: the function by name, or a native declaration that may rename it through EntryPoint.
        if (!method.IsStatic || !(OpenSslNames.IsRand(method.Name) || method.IsExtern || method.PartialImplementationPart is not null))
        {
            return;
        }

        string entryPoint = NativeEntryPoint.NameOf(method);
        if (!OpenSslNames.IsRand(entryPoint))
        {
            return;
        }

        IOperation result = call;
        while (result.Parent is IConversionOperation conversion)
        {
            result = conversion;
        }

        switch (result.Parent)
        {
            case IExpressionStatementOperation:
            case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                Report(context, call, entryPoint, "is dropped", ReturnsInt(EnclosingFunction(call) ?? context.ContainingSymbol) ? Fix(GuardFix, null) : null);
                return;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                CheckStoredResult(context, call, entryPoint, declarator.Symbol);
                return;
        }

        if (ConditionUsing(result) is { } conditional)
        {
            CheckCondition(context, call, entryPoint, conditional, leaf => leaf == call);
        }
    }

    private static void CheckStoredResult(OperationAnalysisContext context, IInvocationOperation call, string entryPoint, ILocalSymbol local)
    {
        IOperation root = call;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        bool read = false;
        foreach (IOperation operation in root.Descendants())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local) && !reference.IsDeclaration)
            {
                read = true;
                if (ConditionUsing(reference) is { } conditional)
                {
                    CheckCondition(context, call, entryPoint, conditional, leaf => leaf is ILocalReferenceOperation other && SymbolEqualityComparer.Default.Equals(other.Local, local));
                    return;
                }
            }
        }

        if (!read)
        {
            Report(context, call, entryPoint, $"is stored in '{local.Name}' and never read", null);
        }
    }

    /// <summary>The if statement or conditional expression whose condition is built from <paramref name="value"/>.</summary>
    private static IConditionalOperation? ConditionUsing(IOperation value)
    {
        IOperation current = value;
        while (current.Parent is IBinaryOperation or IUnaryOperation or IConversionOperation or IIsPatternOperation)
        {
            current = current.Parent;
        }

        return current.Parent is IConditionalOperation conditional && conditional.Condition == current ? conditional : null;
    }

    private static void CheckCondition(OperationAnalysisContext context, IInvocationOperation call, string entryPoint, IConditionalOperation conditional, System.Func<IOperation, bool> isResult)
    {
        bool returnsBool = call.TargetMethod.ReturnType.SpecialType == SpecialType.System_Boolean;
        object success = returnsBool ? true : 1L;
        object failure = returnsBool ? false : 0L;
        bool? onSuccess = Evaluate(conditional.Condition, isResult, success);
        bool? onFailure = Evaluate(conditional.Condition, isResult, failure);
        bool? onError = returnsBool ? onFailure : Evaluate(conditional.Condition, isResult, -1L);
        if (onSuccess is not bool successTaken || onFailure is null || onError is null)
        {
            return;
        }

        IOperation? successBranch = successTaken ? conditional.WhenTrue : conditional.WhenFalse;
        IOperation? failureBranch = successTaken ? conditional.WhenFalse : conditional.WhenTrue;
        if (IsFailureBranch(successBranch))
        {
            Report(context, call, entryPoint, "is inverted: success (1) takes the failure branch, as in the man page's 'if (RAND_bytes(iv, EVP_MAX_IV_LENGTH)) return -1;'",
                Fix(ConditionFix, successTaken ? "!=" : "=="));
        }
        else if ((onFailure == onSuccess || onError == onSuccess) && IsFailureBranch(failureBranch))
        {
            string missed = onFailure == onSuccess ? "0" : "-1";
            Report(context, call, entryPoint, $"is checked so that failure ({missed}) passes as success", Fix(ConditionFix, successTaken ? "==" : "!="));
        }
    }

    private static bool? Evaluate(IOperation condition, System.Func<IOperation, bool> isResult, object assumed) =>
        new ConstantFolder(null, leaf => isResult(leaf) ? assumed : null).FoldBoolean(condition);

    /// <summary>
    /// A branch that gives up: returns a constant &lt;= 0 or false, throws, or jumps away with goto (C's single-exit
    /// <c>goto end;</c>, as in HAProxy's <c>if(!RAND_pseudo_bytes(iv, EVP_MAX_IV_LENGTH)) goto end;</c>).
    /// </summary>
    private static bool IsFailureBranch(IOperation? branch)
    {
        while (branch is IBlockOperation { Operations.Length: > 0 } block)
        {
            branch = block.Operations[0];
        }

        branch = branch switch
        {
            IReturnOperation { ReturnedValue: { } returned } => returned,
            IExpressionStatementOperation statement => statement.Operation,
            _ => branch,
        };

        return branch switch
        {
            IThrowOperation => true,
            IBranchOperation { BranchKind: BranchKind.GoTo } => true,
            { ConstantValue: { HasValue: true, Value: int value } } => value <= 0,
            { ConstantValue: { HasValue: true, Value: false } } => true,
            IConversionOperation { Operand.ConstantValue: { HasValue: true, Value: int converted } } => converted <= 0,
            _ => false,
        };
    }

    private static IMethodSymbol? EnclosingFunction(IOperation operation)
    {
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol;
                case ILocalFunctionOperation local:
                    return local.Symbol;
            }
        }

        return null;
    }

    private static bool ReturnsInt(ISymbol containing) =>
        containing is IMethodSymbol { ReturnType.SpecialType: SpecialType.System_Int32 };

    private static ImmutableDictionary<string, string?> Fix(string fix, string? comparison)
    {
        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);
        return comparison is null ? properties : properties.Add(OperatorProperty, comparison);
    }

    private static void Report(OperationAnalysisContext context, IInvocationOperation call, string entryPoint, string problem, ImmutableDictionary<string, string?>? properties) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CsprngResultUnchecked, call.Syntax.GetLocation(), properties, entryPoint, problem));
}
