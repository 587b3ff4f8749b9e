using System.Formats.Asn1;
using TicketKeys.Samples.Tls;

namespace TicketKeys.Integration.Tests.Proofs;

/// <summary>
/// Puts arbitrary bytes in a client session's ticket (any length: truncated, extended), or removes the ticket, by
/// rewriting the <c>[10] EXPLICIT OCTET STRING</c> field of OpenSSL's DER session encoding.
/// </summary>
internal static class SessionTicketRewriter
{
    private static readonly Asn1Tag TicketTag = new(TagClass.ContextSpecific, 10, isConstructed: true);

    public static ClientSession WithTicket(ClientSession session, byte[] ticket) => Rewrite(session, ticket);

    /// <summary>The same session as if the server had issued no ticket.</summary>
    public static ClientSession WithoutTicket(ClientSession session) => Rewrite(session, ticket: null);

    private static ClientSession Rewrite(ClientSession session, byte[]? ticket)
    {
        var reader = new AsnReader(session.ToDer(), AsnEncodingRules.DER);
        AsnReader fields = reader.ReadSequence();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            while (fields.HasData)
            {
                if (fields.PeekTag() != TicketTag)
                {
                    writer.WriteEncodedValue(fields.ReadEncodedValue().Span);
                    continue;
                }

                fields.ReadEncodedValue();
                if (ticket is not null)
                {
                    using (writer.PushSequence(TicketTag))
                    {
                        writer.WriteOctetString(ticket);
                    }
                }
            }
        }

        return ClientSession.FromDer(writer.Encode());
    }
}
