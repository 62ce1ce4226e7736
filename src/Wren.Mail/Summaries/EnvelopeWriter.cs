using System.Text;

namespace Wren.Mail.Summaries;

/// <summary>Writes the ENVELOPE fetch item's value (RFC 9051 §7.5.2, formal syntax "envelope" in §9).</summary>
public static class EnvelopeWriter
{
    /// <summary>
    /// The envelope as sent on the wire, e.g. <c>("date" "subject" (("Name" NIL "user" "host")) … NIL "&lt;id&gt;")</c>.
    /// With <paramref name="utf8"/> (UTF8=ACCEPT enabled) 8-bit text goes in quoted strings; otherwise in literals.
    /// </summary>
    public static string Write(Envelope envelope, bool utf8 = false)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var builder = new StringBuilder(256);
        Append(builder, envelope, utf8);
        return builder.ToString();
    }

    internal static void Append(StringBuilder builder, Envelope envelope, bool utf8)
    {
        // envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP env-to SP env-cc
        //            SP env-bcc SP env-in-reply-to SP env-message-id ")"
        builder.Append('(');
        ImapString.AppendNString(builder, envelope.Date, utf8);
        builder.Append(' ');
        ImapString.AppendNString(builder, envelope.Subject, utf8);
        foreach (IReadOnlyList<EnvelopeAddress>? list in (IReadOnlyList<EnvelopeAddress>?[])
                 [envelope.From, envelope.Sender, envelope.ReplyTo, envelope.To, envelope.Cc, envelope.Bcc])
        {
            builder.Append(' ');
            AppendAddresses(builder, list, utf8);
        }
        builder.Append(' ');
        ImapString.AppendNString(builder, envelope.InReplyTo, utf8);
        builder.Append(' ');
        ImapString.AppendNString(builder, envelope.MessageId, utf8);
        builder.Append(')');
    }

    // env-from = "(" 1*address ")" / nil; address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
    private static void AppendAddresses(StringBuilder builder, IReadOnlyList<EnvelopeAddress>? list, bool utf8)
    {
        if (list is null || list.Count == 0)
        {
            builder.Append("NIL");
            return;
        }
        builder.Append('(');
        foreach (EnvelopeAddress address in list)
        {
            builder.Append('(');
            ImapString.AppendNString(builder, address.Name, utf8);
            builder.Append(' ');
            ImapString.AppendNString(builder, address.Route, utf8);
            builder.Append(' ');
            ImapString.AppendNString(builder, address.Mailbox, utf8);
            builder.Append(' ');
            ImapString.AppendNString(builder, address.Host, utf8);
            builder.Append(')');
        }
        builder.Append(')');
    }
}
