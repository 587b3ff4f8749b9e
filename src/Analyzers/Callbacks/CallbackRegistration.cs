using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TicketKeys.Analyzers.Flow;

namespace TicketKeys.Analyzers.Callbacks;

/// <summary>
/// Finds what a call registers as the ticket callback: the method or lambda whose address or delegate reaches
/// SSL_CTX_set_tlsext_ticket_key_cb, SSL_CTX_set_tlsext_ticket_key_evp_cb or SSL_CTX_callback_ctrl(ctx, 72, cb),
/// directly, through Marshal.GetFunctionPointerForDelegate, or through a local or field initialised with it.
/// </summary>
internal static class CallbackRegistration
{
    private const int MaxDepth = 8;

    /// <summary>The callback arguments of a registration call, or nothing when the call registers no ticket callback.</summary>
    public static IEnumerable<IArgumentOperation> CallbackArguments(IInvocationOperation call)
    {
        IMethodSymbol target = call.TargetMethod;
        // Cheap filter first: only a setter by name, or a native declaration that may rename one, can register.
        if (!target.IsStatic || target.Parameters.Length < 2
            || !(target.Name is OpenSslNames.SetTicketKeyCallback or OpenSslNames.SetTicketKeyEvpCallback or OpenSslNames.CallbackControl
                || target.IsExtern || target.PartialImplementationPart is not null))
        {
            return Enumerable.Empty<IArgumentOperation>();
        }

        string entryPoint = NativeEntryPoint.NameOf(target);
        if (entryPoint is OpenSslNames.SetTicketKeyCallback or OpenSslNames.SetTicketKeyEvpCallback)
        {
            return call.Arguments.Skip(1);
        }

        if (entryPoint == OpenSslNames.CallbackControl && call.Arguments.Length == 3
            && new ConstantFolder(null, static _ => null).Fold(ArgumentFor(call, 1).Value) is long command
            && command == OpenSslNames.SetTicketKeyCallbackControl)
        {
            return new[] { ArgumentFor(call, 2) };
        }

        return Enumerable.Empty<IArgumentOperation>();
    }

    /// <summary>The method references and anonymous functions an argument's value comes from.</summary>
    public static List<IOperation> TargetsOf(IOperation value)
    {
        var targets = new List<IOperation>();
        Collect(value, targets, 0);
        return targets;
    }

    private static IArgumentOperation ArgumentFor(IInvocationOperation call, int ordinal) =>
        call.Arguments.FirstOrDefault(argument => argument.Parameter?.Ordinal == ordinal) ?? call.Arguments[ordinal];

    private static void Collect(IOperation? value, List<IOperation> targets, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return;
        }

        depth++;
        switch (value)
        {
            case IConversionOperation conversion:
                Collect(conversion.Operand, targets, depth);
                break;
            case IMethodReferenceOperation or IAnonymousFunctionOperation:
                targets.Add(value);
                break;
            case IDelegateCreationOperation creation:
                Collect(creation.Target, targets, depth);
                break;
            case IInvocationOperation { TargetMethod.Name: "GetFunctionPointerForDelegate" } call when call.Arguments.Length == 1:
                Collect(call.Arguments[0].Value, targets, depth);
                break;
            case ILocalReferenceOperation local:
                Collect(InitializerOf(local.Local, value.SemanticModel), targets, depth);
                break;
            case IFieldReferenceOperation field:
                Collect(InitializerOf(field.Field, value.SemanticModel), targets, depth);
                break;
        }
    }

    /// <summary>The initial value of a local or field declared in the same syntax tree as the model's.</summary>
    private static IOperation? InitializerOf(ISymbol symbol, SemanticModel? model)
    {
        if (model is null)
        {
            return null;
        }

        foreach (SyntaxReference reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == model.SyntaxTree
                && reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } initialValue })
            {
                return model.GetOperation(initialValue);
            }
        }

        return null;
    }
}
