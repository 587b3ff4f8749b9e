using Microsoft.CodeAnalysis;

namespace TicketKeys.Analyzers;

/// <summary>The rule catalogue: every descriptor the analyzers report, each linked to its page under docs/rules.</summary>
internal static class DiagnosticDescriptors
{
    public const string HelpLinkBase = RuleDocumentation.HelpLinkBase;

    private const string Usage = "Usage";
    private const string Security = "Security";
    private const string Reliability = "Reliability";

    public static readonly DiagnosticDescriptor ProviderMustBePartial = new(
        DiagnosticIds.ProviderMustBePartial,
        title: "Ticket key provider must be partial",
        messageFormat: "Ticket key provider '{0}' must be partial: declare it 'partial' so that the generator can add AttachTo and the native callbacks",
        Usage,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The source generator adds AttachTo and the native callback entry points to every [TicketKeyProvider] class, which it can only do to a partial class.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.ProviderMustBePartial + ".md");

    public static readonly DiagnosticDescriptor ProviderShape = new(
        DiagnosticIds.ProviderShape,
        title: "Ticket key provider has an unsupported shape",
        messageFormat: "Ticket key provider '{0}': {1}",
        Usage,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A provider is a non-static, non-generic partial class (nested only in partial types) with exactly one instance '[EncryptionKey] TicketKey? M()' and one instance '[DecryptionKey] TicketKeyLookup M(ReadOnlySpan<byte> keyName)'.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.ProviderShape + ".md");

    public static readonly DiagnosticDescriptor MissingIvRandomness = new(
        DiagnosticIds.MissingIvRandomness,
        title: "Ticket IV is not filled by a CSPRNG",
        messageFormat: "The IV '{0}' given to {1} on the encrypt path {2}; fill it with RandomNumberGenerator.Fill or RAND_bytes on every path before the cipher set-up",
        Security,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "CBC needs an unpredictable IV for every ticket. A constant, repeated, counter, clock or System.Random IV lets an observer link tickets and attack the encryption.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.MissingIvRandomness + ".md");

    public static readonly DiagnosticDescriptor CsprngResultUnchecked = new(
        DiagnosticIds.CsprngResultUnchecked,
        title: "CSPRNG result unchecked or inverted",
        messageFormat: "The result of {0} {1}; it returns 1 on success and 0 or -1 on failure: check it with '!= 1' and return -1",
        Security,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "RAND_bytes and RAND_priv_bytes return 1 on success. Ignoring the result uses unfilled bytes when the generator fails; treating a non-zero result as failure, as the man page's reference implementation does, rejects every ticket.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.CsprngResultUnchecked + ".md");

    public static readonly DiagnosticDescriptor KeyReusePastExpiry = new(
        DiagnosticIds.KeyReusePastExpiry,
        title: "Ticket key used past its expiry",
        messageFormat: "{0}",
        Security,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A ticket key must stop decrypting when it expires, or a stolen old key keeps opening sessions; and only a key whose validity was checked may encrypt new tickets.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.KeyReusePastExpiry + ".md");

    public static readonly DiagnosticDescriptor UnreachableRenewal = new(
        DiagnosticIds.UnreachableRenewal,
        title: "Unreachable or inverted ticket renewal",
        messageFormat: "{0}",
        Usage,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Renewal (return 2) replaces a ticket whose key is still valid but about to expire. A renewal condition that only holds for an already expired key never runs after the expiry check, and a renewal point outside the key's lifetime never renews.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.UnreachableRenewal + ".md");

    public static readonly DiagnosticDescriptor MismatchedKeyStrength = new(
        DiagnosticIds.MismatchedKeyStrength,
        title: "Mismatched ticket key strength",
        messageFormat: "{0}",
        Security,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The AES key must have the length the cipher expects, and the HMAC key must be at least as long as the AES key: 'if a ciphersuite uses 256 bit ciphers but only a 128 bit ticket key the overall security is only 128 bits'.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.MismatchedKeyStrength + ".md");

    public static readonly DiagnosticDescriptor HardCodedKeyMaterial = new(
        DiagnosticIds.HardCodedKeyMaterial,
        title: "Hard-coded ticket key material",
        messageFormat: "The ticket {0} comes from {1} in the source code; generate keys at run time or load them from protected storage",
        Security,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A key written in the source is shared by every build and every server, never rotates and leaks with the code: anyone with the binary decrypts every ticket and the sessions' master secrets.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.HardCodedKeyMaterial + ".md");

    public static readonly DiagnosticDescriptor WrongDirectionOrReturnCode = new(
        DiagnosticIds.WrongDirectionOrReturnCode,
        title: "Wrong direction or return code in a ticket callback",
        messageFormat: "{0}",
        Usage,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "With enc = 1 the callback sets up encryption and returns 1 (or 0/-1); with enc = 0 it sets up decryption with the IV from the ticket and returns 0, 1 or 2. Any other value or direction breaks the handshake or the ticket.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.WrongDirectionOrReturnCode + ".md");

    public static readonly DiagnosticDescriptor ExceptionEscapesCallback = new(
        DiagnosticIds.ExceptionEscapesCallback,
        title: "An exception can escape a native ticket callback",
        messageFormat: "An exception thrown in ticket callback '{0}' escapes to native code and ends the process; wrap the body in try/catch and return -1 (or 0 on the decrypt path)",
        Reliability,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "OpenSSL calls the callback from native code. A managed exception cannot unwind through it: the runtime terminates the process.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.ExceptionEscapesCallback + ".md");

    public static readonly DiagnosticDescriptor KeyNameLength = new(
        DiagnosticIds.KeyNameLength,
        title: "Ticket key name is not 16 bytes",
        messageFormat: "{0} {1} bytes to the 16-byte key name '{2}'; write exactly 16",
        Security,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "OpenSSL reserves exactly 16 bytes for key_name. Fewer leave stale bytes in the ticket's name, so lookups fail; more overwrite memory after it.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.KeyNameLength + ".md");

    public static readonly DiagnosticDescriptor LongLivedTicketKey = new(
        DiagnosticIds.LongLivedTicketKey,
        title: "Long-lived ticket key",
        messageFormat: "{0}",
        Security,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A ticket key that never changes undoes forward secrecy: whoever obtains it decrypts every recorded session it protected. RFC 8446 caps ticket lifetime at 7 days.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.LongLivedTicketKey + ".md");
}
