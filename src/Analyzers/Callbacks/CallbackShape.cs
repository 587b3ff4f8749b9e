using Microsoft.CodeAnalysis;

namespace TicketKeys.Analyzers.Callbacks;

/// <summary>
/// The ticket callback's signature, <c>int (SSL*, unsigned char key_name[16], unsigned char* iv, EVP_CIPHER_CTX*,
/// HMAC_CTX* or EVP_MAC_CTX*, int enc)</c>, with the pointers as IntPtr, nint, void* or typed pointers.
/// </summary>
internal static class CallbackShape
{
    public static bool Matches(IMethodSymbol method)
    {
        if (method.ReturnType.SpecialType != SpecialType.System_Int32 || method.Parameters.Length != 6)
        {
            return false;
        }

        for (int i = 0; i < 5; i++)
        {
            if (!IsPointerLike(method.Parameters[i]))
            {
                return false;
            }
        }

        IParameterSymbol enc = method.Parameters[5];
        return enc.RefKind == RefKind.None && enc.Type.SpecialType == SpecialType.System_Int32;
    }

    private static bool IsPointerLike(IParameterSymbol parameter) =>
        parameter.RefKind == RefKind.None
        && (parameter.Type.TypeKind == TypeKind.Pointer || parameter.Type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr);
}
