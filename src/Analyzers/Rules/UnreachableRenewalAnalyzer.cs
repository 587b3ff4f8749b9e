using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TicketKeys.Analyzers.Callbacks;
using TicketKeys.Analyzers.Flow;
using TicketKeys.Analyzers.Providers;

namespace TicketKeys.Analyzers.Rules;

/// <summary>
/// TKP006: a renewal branch (return 2) whose condition only holds for a key that has already expired, so it can never
/// run after the expiry check (the man page's <c>key-&gt;expire &lt; now() - RENEW_TIME</c> after
/// <c>key-&gt;expire &lt; now()</c> returned 0); or a TicketKeyWindow whose renewal point lies outside the key's lifetime.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnreachableRenewalAnalyzer : TicketCallbackAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnreachableRenewal);

    internal override void AnalyzeCallback(TicketCallback callback, Action<Diagnostic> report)
    {
        var checks = new ExpiryChecks(callback.Values);
        Func<IOperation, bool> isClockRead = checks.IsClockRead;
        (string Atom, IOperation Condition)? expiryCheck = null;
        foreach (ReturnSite site in callback.Returns)
        {
            if (site.Constant == 0 && callback.RunsOnDecrypt(site.Block))
            {
                foreach ((IOperation condition, bool holds) in BranchGuards.Of(site.Block))
                {
                    if (Expired(condition, holds, isClockRead, callback.Values, strictlyPast: false) is { } atom)
                    {
                        expiryCheck ??= (atom, condition);
                    }
                }
            }
        }

        foreach (ReturnSite site in callback.Returns)
        {
            if (site.Constant != 2 || !callback.RunsOnDecrypt(site.Block))
            {
                continue;
            }

            foreach ((IOperation condition, bool holds) in BranchGuards.Of(site.Block))
            {
                if (Expired(condition, holds, isClockRead, callback.Values, strictlyPast: true) is not { } atom)
                {
                    continue;
                }

                if (expiryCheck is { } check && check.Atom == atom)
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.UnreachableRenewal, condition.Syntax.GetLocation(),
                        $"The renewal condition '{condition.Syntax}' can never hold: the earlier check '{check.Condition.Syntax}' already returned 0 for every key it matches; renew when the key is about to expire, as '{atom} - now < renewWindow'"));
                }
                else if (atom.IndexOf("expir", StringComparison.OrdinalIgnoreCase) >= 0 || atom.IndexOf("NotAfter", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.UnreachableRenewal, condition.Syntax.GetLocation(),
                        $"The renewal condition '{condition.Syntax}' only holds for a key that has already expired; renew when the key is about to expire, as '{atom} - now < renewWindow'"));
                }
            }
        }
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        if (ProviderTypes.From(context.Compilation) is null || context.Compilation.GetTypeByMetadataName("TicketKeys.TicketKeyWindow") is not { } window)
        {
            return;
        }

        context.RegisterOperationAction(creation => AnalyzeWindow(creation, window), OperationKind.ObjectCreation);
    }

    /// <summary>
    /// The expiry atom when the condition, as it holds on the edge, says <c>atom &lt; now - c</c> with c &gt;= 0 (the key
    /// has expired); with <paramref name="strictlyPast"/> false, <c>atom &lt; now</c> or <c>atom &lt;= now</c> (an expiry check).
    /// </summary>
    private static string? Expired(IOperation condition, bool holds, Func<IOperation, bool> isClockRead, FlowValues values, bool strictlyPast)
    {
        while (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            condition = not.Operand;
            holds = !holds;
        }

        if (condition is not IBinaryOperation comparison
            || LinearForm.Of(comparison.LeftOperand, isClockRead, values) is not { } left
            || LinearForm.Of(comparison.RightOperand, isClockRead, values) is not { } right)
        {
            return null;
        }

        BinaryOperatorKind kind = holds ? comparison.OperatorKind : Negate(comparison.OperatorKind);
        LinearForm difference = left.Minus(right);
        if (kind is BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual)
        {
            difference = difference.Negated();
            kind = kind == BinaryOperatorKind.GreaterThan ? BinaryOperatorKind.LessThan : BinaryOperatorKind.LessThanOrEqual;
        }

        if (kind is not (BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual) || difference.AtomAgainstNow() is not { } atom)
        {
            return null;
        }

        // difference = atom - now + c, and the condition is difference < 0 (or <= 0): atom < now - c.
        long c = difference.Constant;
        bool past = kind == BinaryOperatorKind.LessThan ? c >= 0 : c > 0;
        return strictlyPast ? (past ? atom : null) : (c == 0 ? atom : null);
    }

    private static BinaryOperatorKind Negate(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThanOrEqual,
        BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThan,
        BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThanOrEqual,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThan,
        _ => BinaryOperatorKind.None,
    };

    private static void AnalyzeWindow(OperationAnalysisContext context, INamedTypeSymbol window)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, window) || creation.Arguments.Length != 3)
        {
            return;
        }

        Func<IOperation, bool> isClockRead = static _ => false;
        LinearForm? notBefore = LinearForm.Of(creation.Arguments[0].Value, isClockRead, null);
        LinearForm? renewAfter = LinearForm.Of(creation.Arguments[1].Value, isClockRead, null);
        LinearForm? notAfter = LinearForm.Of(creation.Arguments[2].Value, isClockRead, null);
        if (renewAfter is null)
        {
            return;
        }

        if (notAfter is not null && renewAfter.Minus(notAfter) is { IsConstant: true, Constant: > 0 })
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnreachableRenewal, creation.Arguments[1].Syntax.GetLocation(),
                $"The renewal point '{creation.Arguments[1].Syntax}' is after the key's end '{creation.Arguments[2].Syntax}': tickets expire before they are renewed; renew inside the lifetime"));
        }
        else if (notBefore is not null && renewAfter.Minus(notBefore) is { IsConstant: true, Constant: < 0 })
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnreachableRenewal, creation.Arguments[1].Syntax.GetLocation(),
                $"The renewal point '{creation.Arguments[1].Syntax}' is before the key's start '{creation.Arguments[0].Syntax}'; renew inside the lifetime"));
        }
    }
}
