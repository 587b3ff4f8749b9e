using Microsoft.CodeAnalysis;

namespace TicketKeys.Analyzers.Callbacks;

/// <summary>
/// The native function a managed declaration binds to, whatever binding declares it: the DllImport or LibraryImport
/// EntryPoint, else the method's name. Lets the rules recognise OpenSSL calls through any wrapper.
/// </summary>
internal static class NativeEntryPoint
{
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

        foreach (AttributeData attribute in (method.PartialDefinitionPart ?? method).GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "LibraryImportAttribute" })
            {
                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == "EntryPoint" && argument.Value.Value is string { Length: > 0 } entryPoint)
                    {
                        return entryPoint;
                    }
                }
            }
        }

        return method.Name;
    }
}
