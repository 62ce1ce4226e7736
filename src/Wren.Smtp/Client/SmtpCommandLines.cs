using System.Globalization;
using System.Text;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Client;

/// <summary>Formats MAIL FROM and RCPT TO with the ESMTP parameters the server offers, and only those.</summary>
internal static class SmtpCommandLines
{
    /// <summary>MAIL FROM:&lt;path&gt; with SIZE, BODY, SMTPUTF8, RET, ENVID as offered.</summary>
    public static string Mail(Envelope envelope, bool smtpUtf8, long? size, SmtpCapabilities capabilities)
    {
        var line = new StringBuilder("MAIL FROM:<").Append(envelope.Sender?.ToString() ?? string.Empty).Append('>');

        // RFC 1870 §6: SIZE=n, the message size in octets, when the server announced SIZE.
        if (size is { } length && capabilities.Keywords.ContainsKey("SIZE"))
            line.Append(" SIZE=").Append(length.ToString(CultureInfo.InvariantCulture));

        // RFC 6152 §2 / RFC 3030 §3: BODY= only when offered; a 7bit body sends none.
        if (envelope.Body == BodyType.BinaryMime)
            line.Append(" BODY=BINARYMIME");
        else if (envelope.Body == BodyType.EightBitMime && capabilities.EightBitMime)
            line.Append(" BODY=8BITMIME");

        // RFC 6531 §3.4.
        if (smtpUtf8)
            line.Append(" SMTPUTF8");

        // RFC 3461 §4: DSN parameters only to a server that announced DSN.
        if (capabilities.Dsn)
        {
            if (envelope.Return != DsnReturn.Unspecified)
                line.Append(" RET=").Append(envelope.Return == DsnReturn.Full ? "FULL" : "HDRS");
            if (envelope.EnvelopeId is { } id)
                line.Append(" ENVID=").Append(XText.Encode(id)); // RFC 3461 §4.4: xtext
        }
        return line.ToString();
    }

    /// <summary>RCPT TO:&lt;path&gt; with NOTIFY and ORCPT as offered.</summary>
    public static string Rcpt(EnvelopeRecipient recipient, SmtpCapabilities capabilities)
    {
        var line = new StringBuilder("RCPT TO:<").Append(recipient.Address).Append('>');
        if (capabilities.Dsn)
        {
            // RFC 3461 §4.1: NOTIFY=NEVER, or a comma list of SUCCESS, FAILURE, DELAY.
            if (recipient.Notify != DsnNotify.Unspecified)
                line.Append(" NOTIFY=").Append(Notify(recipient.Notify));

            // RFC 3461 §4.2: ORCPT=addr-type;xtext.
            if (recipient.OriginalRecipient is { } original)
                line.Append(" ORCPT=").Append(original.AddressType).Append(';').Append(XText.Encode(original.Address));
        }
        return line.ToString();
    }

    private static string Notify(DsnNotify notify)
    {
        if (notify.HasFlag(DsnNotify.Never))
            return "NEVER";
        var parts = new List<string>();
        if (notify.HasFlag(DsnNotify.Success))
            parts.Add("SUCCESS");
        if (notify.HasFlag(DsnNotify.Failure))
            parts.Add("FAILURE");
        if (notify.HasFlag(DsnNotify.Delay))
            parts.Add("DELAY");
        return string.Join(',', parts);
    }

    /// <summary>True when transmitting the address needs SMTPUTF8 (a non-ASCII local part or domain).</summary>
    public static bool NeedsSmtpUtf8(EmailAddress address) => address.NeedsSmtpUtf8 || !Ascii.IsValid(address.Domain);
}
