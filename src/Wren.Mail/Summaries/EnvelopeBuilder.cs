using MimeKit;

namespace Wren.Mail.Summaries;

/// <summary>Builds the ENVELOPE of a message from its header fields (RFC 9051 §7.5.2).</summary>
internal static class EnvelopeBuilder
{
    /// <summary>The envelope of a message with header <paramref name="headers"/>; the first of repeated fields wins.</summary>
    public static Envelope Build(HeaderList headers)
    {
        IReadOnlyList<EnvelopeAddress>? from = Addresses(headers, HeaderId.From);
        return new Envelope(
            Date: HeaderText.FirstValue(headers, HeaderId.Date),
            Subject: HeaderText.FirstValue(headers, HeaderId.Subject),
            From: from,
            // RFC 9051 §7.5.2: Sender and Reply-To, absent or empty, take the value of From.
            Sender: Addresses(headers, HeaderId.Sender) ?? from,
            ReplyTo: Addresses(headers, HeaderId.ReplyTo) ?? from,
            To: Addresses(headers, HeaderId.To),
            Cc: Addresses(headers, HeaderId.Cc),
            Bcc: Addresses(headers, HeaderId.Bcc),
            InReplyTo: HeaderText.FirstValue(headers, HeaderId.InReplyTo),
            MessageId: HeaderText.FirstValue(headers, HeaderId.MessageId));
    }

    private static IReadOnlyList<EnvelopeAddress>? Addresses(HeaderList headers, HeaderId id) =>
        AddressListParser.Parse(HeaderText.FirstValue(headers, id));
}
