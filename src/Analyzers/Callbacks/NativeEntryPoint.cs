using Microsoft.CodeAnalysis;

namespace TicketKeys.Analyzers.Callbacks;

/// <summary>
/// The native function a managed declaration binds to, whatever binding declares it: the DllImport or LibraryImport
/// EntryPoint, else the method's name. Lets the rules recognise OpenSSL calls through any wrapper.
/// </summary>
internal static class NativeEntryPoint
{
    /// <summary>Whether the method binds a native function: extern, [DllImport] or [LibraryImport].</summary>
    public static bool IsNative(IMethodSymbol method) =>
        method.IsStatic && (method.IsExtern || method.GetDllImportData() is not null || LibraryImport(method) is not null);

    public static string NameOf(IMethodSymbol method)
    {
        if (!method.IsStatic)
        {
            return method.Name;
        }

        DllImportData? dllImport = method.GetDllImportData();
        if (dllImport is not null)
        {
            return dllImport.EntryPointName is { Length: > 0 } entryPoint ? entryPoint : method.Name;
        }

        if (LibraryImport(method) is { } libraryImport)
        {
            foreach (var argument in libraryImport.NamedArguments)
            {
                if (argument.Key == "EntryPoint" && argument.Value.Value is string { Length: > 0 } entryPoint)
                {
                    return entryPoint;
                }
            }
        }

        return method.Name;
    }

    private static AttributeData? LibraryImport(IMethodSymbol method)
    {
        foreach (AttributeData attribute in (method.PartialDefinitionPart ?? method).GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "LibraryImportAttribute" })
            {
                return attribute;
            }
        }

        return null;
    }
}
