namespace TicketKeys.Generator.Parsing;

/// <summary>Metadata names of the runtime types the generator recognises.</summary>
internal static class KnownTypeNames
{
    public const string ProviderAttribute = "TicketKeys.TicketKeyProviderAttribute";
    public const string EncryptionKeyAttribute = "TicketKeys.EncryptionKeyAttribute";
    public const string DecryptionKeyAttribute = "TicketKeys.DecryptionKeyAttribute";
    public const string TicketKey = "TicketKeys.TicketKey";
    public const string TicketKeyLookup = "TicketKeys.TicketKeyLookup";
    public const string TicketCallbackContext = "TicketKeys.TicketCallbackContext";

    public const string EncryptFailureProperty = "EncryptFailure";
    public const string RenewOnTls13ResumptionProperty = "RenewOnTls13Resumption";
    public const string MinimumKeyBitsProperty = "MinimumKeyBits";
    public const string MaxSessionAgeSecondsProperty = "MaxSessionAgeSeconds";

    /// <summary><c>TicketKeyProviderAttribute.DefaultMaxSessionAgeSeconds</c>: one day.</summary>
    public const int DefaultMaxSessionAgeSeconds = 86400;

    /// <summary><c>TicketEncryptFailure.AbortHandshake</c>.</summary>
    public const int AbortHandshake = 1;
}
