namespace TicketKeys.Generator.Model;

/// <summary>
/// Everything the emitter needs about one valid <c>[TicketKeyProvider]</c> class, as plain values (no symbols or syntax,
/// which would root compilations and defeat caching).
/// </summary>
/// <param name="Namespace">The namespace, or null for the global namespace.</param>
/// <param name="ContainingTypes">Enclosing types, outermost first.</param>
/// <param name="Keyword">The provider's declaration keyword: <c>class</c> or <c>record</c>.</param>
/// <param name="Name">The provider's name.</param>
/// <param name="FullyQualifiedName">The <c>global::</c> name used inside generated code.</param>
/// <param name="EncryptionKeyMethod">The <c>[EncryptionKey]</c> method.</param>
/// <param name="DecryptionKeyMethod">The <c>[DecryptionKey]</c> method.</param>
/// <param name="EncryptFailureCode">What the encrypt path returns when it fails: 0 (no ticket) or -1 (abort).</param>
/// <param name="RenewOnTls13Resumption">Whether TLS 1.3 resumptions are renewed.</param>
/// <param name="MinimumKeyBits">The weakest key strength the provider accepts (0: any).</param>
/// <param name="MaxSessionAgeSeconds">How long a session may be resumed and renewed after its full handshake (0: no cap).</param>
/// <param name="HintName">The generated file's name.</param>
internal sealed record ProviderModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string Keyword,
    string Name,
    string FullyQualifiedName,
    KeyMethodModel EncryptionKeyMethod,
    KeyMethodModel DecryptionKeyMethod,
    int EncryptFailureCode,
    bool RenewOnTls13Resumption,
    int MinimumKeyBits,
    int MaxSessionAgeSeconds,
    string HintName);
