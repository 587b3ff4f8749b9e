using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TicketKeys.Analyzers.Flow;

namespace TicketKeys.Analyzers.Callbacks;

/// <summary>Where a callback uses key material: the AES key of a cipher set-up, the HMAC key of a MAC set-up, the bytes copied into key_name.</summary>
internal static class KeyMaterial
{
    public const string AesKey = "AES key";
    public const string HmacKey = "HMAC key";
    public const string KeyName = "key name";

    /// <summary>Each use: the block, the expression holding the bytes, and what it is.</summary>
    public static IEnumerable<(BasicBlock Block, IOperation Bytes, string What)> In(TicketCallback callback)
    {
        foreach ((BasicBlock block, IOperation operation) in callback.Operations())
        {
            if (CipherInitCall.Of(operation) is { Key: { } key } init)
            {
                yield return (block, key, AesKey);
            }
            else if (MacKey(operation) is { } mac)
            {
                yield return (block, mac.Key, HmacKey);
            }
            else if (BufferWrite.Of(operation) is { Source: { } source } write
                && SymbolEqualityComparer.Default.Equals(Buffers.RootOf(write.Destination, callback.Values), callback.KeyName))
            {
                yield return (block, source, KeyName);
            }
        }
    }

    /// <summary>The key and length arguments of HMAC_Init_ex(ctx, key, len, md, engine) or EVP_MAC_init(ctx, key, keylen, params).</summary>
    public static (IOperation Key, IOperation Length)? MacKey(IOperation operation)
    {
        if (operation is IInvocationOperation { TargetMethod.IsStatic: true, Arguments.Length: >= 3 } call
            && NativeEntryPoint.NameOf(call.TargetMethod) is OpenSslNames.HmacInit or OpenSslNames.MacInit)
        {
            IOperation? key = null;
            IOperation? length = null;
            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == 1)
                {
                    key = argument.Value;
                }
                else if (argument.Parameter?.Ordinal == 2)
                {
                    length = argument.Value;
                }
            }

            return key is null || length is null ? null : (key, length);
        }

        return null;
    }
}
