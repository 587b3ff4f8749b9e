using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TicketKeys.Analyzers.Flow;

namespace TicketKeys.Analyzers.Callbacks;

/// <summary>
/// Finds what a call registers as the ticket callback: the method or lambda whose address or delegate reaches
/// SSL_CTX_set_tlsext_ticket_key_cb, SSL_CTX_set_tlsext_ticket_key_evp_cb or SSL_CTX_callback_ctrl(ctx, 72, cb),
/// directly, through Marshal.GetFunctionPointerForDelegate, or through a local, field or property initialised or
/// assigned with it in the registration's file.
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

    /// <summary>
    /// Whether a registration call in the model's tree passes the function (a method or local function), directly or
    /// through a delegate, a function pointer, or a field, property or local initialised or assigned with one of them.
    /// </summary>
    public static bool IsRegisteredInTree(IMethodSymbol function, SemanticModel? model, CancellationToken cancellationToken)
    {
        foreach (IInvocationOperation call in CallsPassing(function, model, cancellationToken))
        {
            if (Registers(call, function))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a call in the model's tree passes the function, the same ways, to a native function other than the
    /// ticket-callback setters (EVP_CIPHER_meth_set_init, a cookie or ALPN callback setter...): the function is then
    /// some other OpenSSL callback, whatever its shape.
    /// </summary>
    public static bool IsPassedToOtherNativeFunctionInTree(IMethodSymbol function, SemanticModel? model, CancellationToken cancellationToken)
    {
        foreach (IInvocationOperation call in CallsPassing(function, model, cancellationToken))
        {
            if (NativeEntryPoint.IsNative(call.TargetMethod) && !CallbackArguments(call).Any() && Passes(call.Arguments, function))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a lambda is registered: passed to a setter where it is written, or through the field or local it initialises.</summary>
    public static bool IsRegistered(IOperation function, IMethodSymbol symbol, CancellationToken cancellationToken)
    {
        IOperation current = function;
        while (current.Parent is IConversionOperation or IDelegateCreationOperation)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case IArgumentOperation { Parent: IInvocationOperation call } when Registers(call, symbol):
                return true;
            case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "GetFunctionPointerForDelegate" } wrapper }:
                return IsRegistered(wrapper, symbol, cancellationToken);
            case IVariableInitializerOperation or IFieldInitializerOperation or IPropertyInitializerOperation or ISimpleAssignmentOperation:
                return symbol.MethodKind == MethodKind.LocalFunction
                    ? IsRegisteredInTree(symbol, function.SemanticModel, cancellationToken)
                    : IsInitializerRegistered(current.Parent, symbol, function.SemanticModel, cancellationToken);
            default:
                return symbol.MethodKind == MethodKind.LocalFunction && IsRegisteredInTree(symbol, function.SemanticModel, cancellationToken);
        }
    }

    /// <summary>The method references and anonymous functions an argument's value comes from.</summary>
    public static List<IOperation> TargetsOf(IOperation value)
    {
        var targets = new List<IOperation>();
        Collect(value, targets, 0);
        return targets;
    }

    /// <summary>The calls in the model's tree with an argument that names the function or a holder of it.</summary>
    private static IEnumerable<IInvocationOperation> CallsPassing(IMethodSymbol function, SemanticModel? model, CancellationToken cancellationToken)
    {
        if (model is null)
        {
            yield break;
        }

        SyntaxNode root = model.SyntaxTree.GetRoot(cancellationToken);

        // The names an argument may use for the function: its own, and those of fields, properties and locals
        // initialised or assigned with it.
        var names = new HashSet<string>(StringComparer.Ordinal) { function.Name };
        foreach (SyntaxNode node in root.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax { Initializer: { } initializer } variable when Mentions(initializer, names):
                    names.Add(variable.Identifier.ValueText);
                    break;
                case PropertyDeclarationSyntax { Initializer: { } initializer } property when Mentions(initializer, names):
                    names.Add(property.Identifier.ValueText);
                    break;
                case AssignmentExpressionSyntax { Right: { } value } assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                    && AssignedName(assignment.Left) is { } assigned && Mentions(value, names):
                    names.Add(assigned);
                    break;
            }
        }

        foreach (InvocationExpressionSyntax invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (invocation.ArgumentList.Arguments.Count >= 2 && Mentions(invocation.ArgumentList, names)
                && model.GetOperation(invocation, cancellationToken) is IInvocationOperation call)
            {
                yield return call;
            }
        }
    }

    private static bool IsInitializerRegistered(IOperation holder, IMethodSymbol lambda, SemanticModel? model, CancellationToken cancellationToken)
    {
        ISymbol? variable = holder switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            IFieldInitializerOperation { InitializedFields.Length: 1 } field => field.InitializedFields[0],
            IPropertyInitializerOperation { InitializedProperties.Length: 1 } property => property.InitializedProperties[0],
            ISimpleAssignmentOperation { Target: IFieldReferenceOperation field } => field.Field,
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } => property.Property,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } => local.Local,
            _ => null,
        };

        if (variable is null || model is null)
        {
            return false;
        }

        foreach (InvocationExpressionSyntax invocation in model.SyntaxTree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (Mentions(invocation.ArgumentList, new HashSet<string>(StringComparer.Ordinal) { variable.Name })
                && model.GetOperation(invocation, cancellationToken) is IInvocationOperation call
                && Registers(call, lambda))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Registers(IInvocationOperation call, IMethodSymbol function) => Passes(CallbackArguments(call), function);

    private static bool Passes(IEnumerable<IArgumentOperation> arguments, IMethodSymbol function)
    {
        foreach (IArgumentOperation argument in arguments)
        {
            foreach (IOperation target in TargetsOf(argument.Value))
            {
                IMethodSymbol? registered = target switch
                {
                    IMethodReferenceOperation reference => reference.Method.OriginalDefinition,
                    IAnonymousFunctionOperation lambda => lambda.Symbol,
                    _ => null,
                };

                // Lambdas bound through different semantic models are different symbols: compare where they are declared.
                if (registered is not null && (SymbolEqualityComparer.Default.Equals(registered, function.OriginalDefinition)
                    || registered.MethodKind == MethodKind.AnonymousFunction && registered.Locations.FirstOrDefault() == function.Locations.FirstOrDefault()))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Mentions(SyntaxNode node, HashSet<string> names)
    {
        foreach (IdentifierNameSyntax identifier in node.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (names.Contains(identifier.Identifier.ValueText))
            {
                return true;
            }
        }

        return false;
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
            case IAddressOfOperation addressOf:
                // A function pointer, &Callback.
                Collect(addressOf.Reference, targets, depth);
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
                CollectAssigned(local.Local, value.SemanticModel, targets, depth);
                break;
            case IFieldReferenceOperation field:
                CollectAssigned(field.Field.OriginalDefinition, value.SemanticModel, targets, depth);
                break;
            case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                CollectAssigned(property.Property.OriginalDefinition, value.SemanticModel, targets, depth);
                break;
        }
    }

    /// <summary>
    /// The targets of every value a local, field or property holds, as far as the model's tree tells: its initialiser
    /// (a property's too) and each <c>holder = value</c> assignment (<c>s_callback = Callback;</c> before registering).
    /// </summary>
    private static void CollectAssigned(ISymbol holder, SemanticModel? model, List<IOperation> targets, int depth)
    {
        if (model is null)
        {
            return;
        }

        foreach (SyntaxReference reference in holder.DeclaringSyntaxReferences)
        {
            ExpressionSyntax? initialValue = reference.GetSyntax() switch
            {
                VariableDeclaratorSyntax { Initializer.Value: { } value } => value,
                PropertyDeclarationSyntax { Initializer.Value: { } value } => value,
                _ => null,
            };

            if (reference.SyntaxTree == model.SyntaxTree && initialValue is not null)
            {
                Collect(model.GetOperation(initialValue), targets, depth);
            }
        }

        foreach (AssignmentExpressionSyntax assignment in model.SyntaxTree.GetRoot().DescendantNodes().OfType<AssignmentExpressionSyntax>())
        {
            if (AssignedName(assignment.Left) == holder.Name
                && model.GetOperation(assignment) is ISimpleAssignmentOperation { Target: var target } stored
                && SymbolEqualityComparer.Default.Equals(HolderOf(target), holder))
            {
                Collect(stored.Value, targets, depth);
            }
        }
    }

    private static ISymbol? HolderOf(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field.OriginalDefinition,
        IPropertyReferenceOperation property => property.Property.OriginalDefinition,
        _ => null,
    };

    /// <summary>The name an assignment stores to: <c>s_callback</c> in <c>s_callback = …</c> or <c>Holder.Callback = …</c>.</summary>
    private static string? AssignedName(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } => name.Identifier.ValueText,
        _ => null,
    };
}
