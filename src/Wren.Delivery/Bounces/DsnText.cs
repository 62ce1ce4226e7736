using System.Text;
using MimeKit.Utils;

namespace Wren.Delivery.Bounces;

/// <summary>
/// The human-readable side of a notification (RFC 6522 §3, first part; RFC 3461 §6.2 asks that it explain
/// the report to a person): the subject line and the text part.
/// </summary>
internal static class DsnText
{
    /// <summary>A subject that says what happened, led by the most serious outcome in the report.</summary>
    public static string Subject(DsnReport report)
    {
        if (report.Recipients.Any(r => r.Action == DsnAction.Failed))
            return "Undelivered Mail Returned to Sender";
        if (report.Recipients.Any(r => r.Action == DsnAction.Delayed))
            return "Delayed Mail (still being retried)";
        return "Successful Mail Delivery Report";
    }

    /// <summary>The text part: who failed or is delayed and why, quoting the remote server, and what is attached.</summary>
    public static string Body(DsnReport report, string hostname, ReturnedOriginal original, DsnBuilderOptions options)
    {
        var sb = new StringBuilder();
        sb.Append("This is the mail delivery system at ").Append(hostname).Append(".\r\n");
        AppendGroup(sb, report, DsnAction.Failed,
            "Your message could not be delivered to the following recipients. This is a permanent error; "
            + "the mail system has given up on them:");
        AppendGroup(sb, report, DsnAction.Delayed,
            "Your message has not yet been delivered to the following recipients. The mail system is still "
            + "trying; there is nothing you need to do yet, and you will hear again if it gives up:");
        AppendGroup(sb, report, DsnAction.Delivered, "Your message was delivered to the following recipients:");
        AppendGroup(sb, report, DsnAction.Relayed,
            "Your message was passed on to the following recipients' mail servers, which will not send any "
            + "further delivery reports:");
        AppendGroup(sb, report, DsnAction.Expanded,
            "Your message was delivered to the following lists or aliases, which passed it on to their members:");
        sb.Append("\r\n");
        if (original.Full is not null)
            sb.Append("Your message is attached below.\r\n");
        else if (original.Reason == HeadersOnlyReason.TooLarge)
            sb.Append("Your message was larger than ").Append(options.MaxFullReturnSize)
              .Append(" bytes, so only its headers are attached below, not the whole message.\r\n");
        else if (original.Reason == HeadersOnlyReason.NotTransportable)
            sb.Append("Your message contains binary data that cannot be returned intact, so only its headers "
                + "are attached below, not the whole message.\r\n");
        else
            sb.Append("The headers of your message are attached below.\r\n");
        return sb.ToString();
    }

    private static void AppendGroup(StringBuilder sb, DsnReport report, DsnAction action, string heading)
    {
        var recipients = report.Recipients.Where(r => r.Action == action).ToList();
        if (recipients.Count == 0)
            return;
        sb.Append("\r\n");
        Wrap(sb, heading, "");
        foreach (DsnRecipient r in recipients)
        {
            sb.Append("\r\n  <").Append(r.Recipient.Address).Append(">\r\n");
            if (r.Recipient.OriginalRecipient is { } orcpt
                && !orcpt.Address.Equals(r.Recipient.Address.ToString(), StringComparison.OrdinalIgnoreCase))
                sb.Append("    (you wrote to ").Append(DeliveryStatusFields.DecodeEmbeddedUnicode(orcpt.Address)).Append(")\r\n");
            string? reason = StatusDescriptions.Describe(r.Status);
            if (reason is not null)
                sb.Append("    Reason: ").Append(reason).Append(" (").Append(r.Status).Append(").\r\n");
            else
                sb.Append("    Status: ").Append(r.Status).Append(".\r\n");
            if (r.DiagnosticCode is { Length: > 0 } diagnostic)
            {
                sb.Append(r.RemoteMta is { Length: > 0 } mta ? $"    The server {mta} replied:\r\n" : "    The mail system reported:\r\n");
                foreach (string line in diagnostic.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
                    sb.Append("      ").Append(DeliveryStatusFields.CleanText(line.Trim(), international: true)).Append("\r\n");
            }
            else if (r.RemoteMta is { Length: > 0 } mta)
            {
                sb.Append("    Server: ").Append(mta).Append("\r\n");
            }
            if (r.LastAttempt is { } last)
                sb.Append("    Last attempt: ").Append(DateUtils.FormatDate(last)).Append("\r\n");
            if (action == DsnAction.Delayed && r.WillRetryUntil is { } until)
                sb.Append("    The mail system keeps trying until ").Append(DateUtils.FormatDate(until)).Append(".\r\n");
        }
    }

    /// <summary>Wraps a paragraph at 72 columns, for readers that do not wrap for themselves.</summary>
    private static void Wrap(StringBuilder sb, string text, string indent)
    {
        int column = 0;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (column > 0 && column + 1 + word.Length > 72)
            {
                sb.Append("\r\n");
                column = 0;
            }
            if (column == 0)
            {
                sb.Append(indent);
                column = indent.Length;
            }
            else
            {
                sb.Append(' ');
                column++;
            }
            sb.Append(word);
            column += word.Length;
        }
        sb.Append("\r\n");
    }
}
