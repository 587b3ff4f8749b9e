using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TicketKeys.Analyzers.Callbacks;

/// <summary>
/// A call to EVP_EncryptInit_ex(2), EVP_DecryptInit_ex(2) or EVP_CipherInit_ex(2) and its arguments by position:
/// <c>(ctx, cipher, [engine,] key, iv[, enc])</c>.
/// </summary>
internal sealed class CipherInitCall
{
    private CipherInitCall(IInvocationOperation call, string entryPoint)
    {
        Call = call;
        EntryPoint = entryPoint;
        bool hasEngine = !entryPoint.EndsWith("2", System.StringComparison.Ordinal);
        int key = hasEngine ? 3 : 2;
        Cipher = Argument(1);
        Key = Argument(key);
        Iv = Argument(key + 1);
        Enc = entryPoint.StartsWith("EVP_Cipher", System.StringComparison.Ordinal) ? Argument(key + 2) : null;
    }

    public IInvocationOperation Call { get; }

    public string EntryPoint { get; }

    public IOperation? Cipher { get; }

    public IOperation? Key { get; }

    public IOperation? Iv { get; }

    /// <summary>EVP_CipherInit_ex's direction argument; null for the Encrypt/Decrypt functions.</summary>
    public IOperation? Enc { get; }

    public bool IsEncryptInit => EntryPoint.StartsWith("EVP_Encrypt", System.StringComparison.Ordinal);

    public bool IsDecryptInit => EntryPoint.StartsWith("EVP_Decrypt", System.StringComparison.Ordinal);

    public static CipherInitCall? Of(IOperation operation)
    {
        if (operation is not IInvocationOperation { TargetMethod.IsStatic: true } call)
        {
            return null;
        }

        string entryPoint = NativeEntryPoint.NameOf(call.TargetMethod);
        return OpenSslNames.IsCipherInit(entryPoint) ? new CipherInitCall(call, entryPoint) : null;
    }

    /// <summary>The AES key length of the cipher argument when it is a direct EVP_aes_* call, else 0.</summary>
    public int AesKeyLength(Flow.FlowValues values)
    {
        return Cipher is not null && values.Resolve(Cipher) is IInvocationOperation getter ? OpenSslNames.AesKeyLengthOf(NativeEntryPoint.NameOf(getter.TargetMethod)) : 0;
    }

    /// <summary>The IV length of the cipher argument when it is a direct EVP_aes_*/EVP_chacha20* call, else null.</summary>
    public int? IvLength(Flow.FlowValues values) =>
        Cipher is not null && values.Resolve(Cipher) is IInvocationOperation getter ? OpenSslNames.IvLengthOf(NativeEntryPoint.NameOf(getter.TargetMethod)) : null;

    private IOperation? Argument(int ordinal)
    {
        foreach (IArgumentOperation argument in Call.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }
}
