using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TicketKeys.Analyzers.Callbacks;

namespace TicketKeys.Analyzers.Rules;

/// <summary>
/// TKP010: code that can throw runs outside a catch-all in a native ticket callback, or a handler rethrows. An
/// exception cannot unwind into OpenSSL's native frames; the runtime ends the process.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExceptionEscapesCallbackAnalyzer : TicketCallbackAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ExceptionEscapesCallback);

    internal override void AnalyzeCallback(TicketCallback callback, Action<Diagnostic> report)
    {
        foreach (BasicBlock block in callback.Graph.Blocks)
        {
            if (block.Kind == BasicBlockKind.Block && CanThrowUnhandled(block))
            {
                report(Diagnostic.Create(DiagnosticDescriptors.ExceptionEscapesCallback, callback.Location, callback.Method.Name is { Length: > 0 } name ? name : "lambda"));
                return;
            }
        }
    }

    private static bool CanThrowUnhandled(BasicBlock block)
    {
        if (IsCaughtByCatchAll(block.EnclosingRegion))
        {
            return false;
        }

        if (block.FallThroughSuccessor?.Semantics is ControlFlowBranchSemantics.Throw or ControlFlowBranchSemantics.Rethrow)
        {
            return true;
        }

        if (IsInHandler(block.EnclosingRegion))
        {
            // Only explicit throws count in a handler: it exists to answer OpenSSL after a failure.
            return false;
        }

        foreach (IOperation root in block.Operations)
        {
            if (ContainsThrowingOperation(root))
            {
                return true;
            }
        }

        return block.BranchValue is not null && ContainsThrowingOperation(block.BranchValue);
    }

    private static bool ContainsThrowingOperation(IOperation root)
    {
        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation or IObjectCreationOperation or IThrowOperation or IArrayElementReferenceOperation
                    or IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation:
                    return true;
                case IPropertyReferenceOperation property when !IsLengthOfSpan(property):
                    return true;
                case IFieldReferenceOperation { Instance: { Type.IsReferenceType: true } instance } when instance is not IInstanceReferenceOperation:
                    return true;
                case IConversionOperation { IsChecked: true } or IConversionOperation { OperatorMethod: not null }:
                    return true;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder, RightOperand.ConstantValue.HasValue: false }:
                    return true;
            }
        }

        return false;
    }

    private static bool IsLengthOfSpan(IPropertyReferenceOperation property) =>
        property.Property.Name == "Length" && property.Instance?.Type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" };

    private static bool IsCaughtByCatchAll(ControlFlowRegion? region)
    {
        for (; region is not null; region = region.EnclosingRegion)
        {
            if (region.Kind == ControlFlowRegionKind.Try && region.EnclosingRegion is { Kind: ControlFlowRegionKind.TryAndCatch } tryAndCatch)
            {
                foreach (ControlFlowRegion handler in tryAndCatch.NestedRegions)
                {
                    if (handler.Kind == ControlFlowRegionKind.Catch
                        && handler.ExceptionType is { SpecialType: SpecialType.System_Object } or { Name: "Exception", ContainingNamespace.Name: "System", ContainingNamespace.ContainingNamespace.IsGlobalNamespace: true })
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool IsInHandler(ControlFlowRegion? region)
    {
        for (; region is not null; region = region.EnclosingRegion)
        {
            if (region.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.Finally)
            {
                return true;
            }
        }

        return false;
    }
}
