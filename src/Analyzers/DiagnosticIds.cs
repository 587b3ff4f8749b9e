namespace TicketKeys.Analyzers;

/// <summary>The rule identifiers, in one place so that an ID is never reused or mistyped.</summary>
internal static class DiagnosticIds
{
    public const string ProviderMustBePartial = "TKP001";
    public const string ProviderShape = "TKP002";
    public const string MissingIvRandomness = "TKP003";
    public const string CsprngResultUnchecked = "TKP004";
    public const string KeyReusePastExpiry = "TKP005";
    public const string UnreachableRenewal = "TKP006";
    public const string MismatchedKeyStrength = "TKP007";
    public const string HardCodedKeyMaterial = "TKP008";
    public const string WrongDirectionOrReturnCode = "TKP009";
    public const string ExceptionEscapesCallback = "TKP010";
    public const string KeyNameLength = "TKP011";
    public const string LongLivedTicketKey = "TKP012";
}
