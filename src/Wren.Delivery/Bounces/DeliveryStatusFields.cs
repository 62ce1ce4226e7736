using System.Globalization;
using System.Text;
using MimeKit.Utils;
using Wren.Smtp.Protocol;

namespace Wren.Delivery.Bounces;

/// <summary>
/// The body of the machine-readable part: RFC 3464 §2.1–2.3 fields (message/delivery-status), or their
/// RFC 6533 §3 and §6.2 form with UTF-8 addresses (message/global-delivery-status).
/// </summary>
internal static class DeliveryStatusFields
{
    // RFC 5322 §2.1.1: lines SHOULD stay within 78 characters; fields are folded at white space to do so.
    private const int FoldAt = 78;

    /// <summary>Formats the per-message fields and one group of per-recipient fields per recipient.</summary>
    public static string Format(DsnReport report, string reportingMta, bool international)
    {
        var sb = new StringBuilder();
        // RFC 3464 §2.2: per-message fields, in the order of the §2.1 grammar.
        string? envelopeId = report.OriginalEnvelope.EnvelopeId;
        if (envelopeId is not null)
            AppendField(sb, "Original-Envelope-Id", FormatEnvelopeId(envelopeId));
        AppendField(sb, "Reporting-MTA", "dns; " + reportingMta);
        AppendField(sb, "Arrival-Date", DateUtils.FormatDate(report.ArrivalDate));
        foreach (DsnRecipient recipient in report.Recipients)
        {
            // RFC 3464 §2.1: each group of per-recipient fields is preceded by a blank line.
            sb.Append("\r\n");
            AppendRecipient(sb, recipient, international);
        }
        return sb.ToString();
    }

    /// <summary>RFC 3464 §2.3: the per-recipient fields, in the order of the §2.1 grammar.</summary>
    private static void AppendRecipient(StringBuilder sb, DsnRecipient r, bool international)
    {
        var original = r.Recipient.OriginalRecipient;
        // RFC 3464 §2.3.1 and RFC 3461 §4.2: the ORCPT value, with its address type, when one was given.
        if (original is not null)
            AppendField(sb, "Original-Recipient", FormatAddress(original.AddressType, original.Address, international));
        AppendField(sb, "Final-Recipient", FormatAddress("rfc822", r.Recipient.Address.ToString(), international));
        AppendField(sb, "Action", r.Action.FieldValue());
        AppendField(sb, "Status", r.Status);
        if (r.RemoteMta is { Length: > 0 } mta)
            AppendField(sb, "Remote-MTA", "dns; " + CleanText(mta, international));
        if (r.DiagnosticCode is { Length: > 0 } diagnostic)
            AppendField(sb, "Diagnostic-Code", FormatDiagnostic(diagnostic, international));
        if (r.LastAttempt is { } last)
            AppendField(sb, "Last-Attempt-Date", DateUtils.FormatDate(last));
        // RFC 3464 §2.3.9: Will-Retry-Until belongs to delay reports only.
        if (r.Action == DsnAction.Delayed && r.WillRetryUntil is { } until)
            AppendField(sb, "Will-Retry-Until", DateUtils.FormatDate(until));
    }

    /// <summary>
    /// RFC 3464 §2.3.6: <c>smtp; reply</c> when the text is an SMTP reply (a multi-line reply joined on one
    /// unfolded line); otherwise Wren's own explanation under an extension type.
    /// </summary>
    internal static string FormatDiagnostic(string diagnostic, bool international)
    {
        string text = string.Join(' ', diagnostic.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        text = CleanText(text, international);
        bool smtp = text.Length >= 3 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2])
            && (text.Length == 3 || text[3] is ' ' or '-');
        return (smtp ? "smtp; " : "X-Wren; ") + text;
    }

    /// <summary>
    /// RFC 3464 §2.3.1–2.3.2 address fields, <c>address-type; address</c>. RFC 6533 §3: a non-ASCII address
    /// has type utf-8: raw UTF-8 in a global report, and <c>\x{HEX}</c> escapes (utf-8-addr-unitext) in an
    /// ASCII one. An ORCPT of type utf-8 arrives in xtext form with those escapes, which a global report decodes.
    /// </summary>
    internal static string FormatAddress(string addressType, string address, bool international)
    {
        bool utf8Type = addressType.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
        if (utf8Type)
            address = DecodeEmbeddedUnicode(address);
        address = CleanText(address, international: true);
        if (!address.All(char.IsAscii))
            return international ? "utf-8; " + address : "utf-8; " + EncodeEmbeddedUnicode(address);
        return (utf8Type ? "utf-8" : addressType) + "; " + address;
    }

    /// <summary>
    /// RFC 3461 §4.4 and RFC 3464 §2.2.1: the ENVID exactly as the sender gave it (it is case-sensitive);
    /// the rare value that is not printable ASCII is written in its xtext form rather than corrupt the field.
    /// </summary>
    private static string FormatEnvelopeId(string envelopeId) =>
        envelopeId.All(c => c is >= '!' and <= '~') ? envelopeId : XText.Encode(envelopeId);

    /// <summary>RFC 6533 §3: EmbeddedUnicodeChar = <c>\x{</c> HEXPOINT <c>}</c>.</summary>
    internal static string EncodeEmbeddedUnicode(string text)
    {
        var sb = new StringBuilder();
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && rune.Value != '\\')
                sb.Append((char)rune.Value);
            else
                sb.Append(CultureInfo.InvariantCulture, $"\\x{{{rune.Value:X}}}");
        }
        return sb.ToString();
    }

    /// <summary>The inverse of <see cref="EncodeEmbeddedUnicode"/>; text that is no valid escape stays as it is.</summary>
    internal static string DecodeEmbeddedUnicode(string text)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 3 < text.Length && text[i + 1] == 'x' && text[i + 2] == '{')
            {
                int close = text.IndexOf('}', i + 3);
                if (close > i + 3 && close - i - 3 <= 6
                    && int.TryParse(text.AsSpan(i + 3, close - i - 3), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value)
                    && Rune.IsValid(value))
                {
                    sb.Append(new Rune(value).ToString());
                    i = close;
                    continue;
                }
            }
            sb.Append(text[i]);
        }
        return sb.ToString();
    }

    /// <summary>Control characters become spaces; outside a global report non-ASCII becomes '?' (RFC 3464 §2.1.1: the fields are US-ASCII).</summary>
    internal static string CleanText(string text, bool international)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (char.IsControl(c))
                sb.Append(' ');
            else if (!international && !char.IsAscii(c))
                sb.Append(char.IsLowSurrogate(c) ? "" : "?");
            else
                sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Writes <c>Name: value</c> CRLF, folded before white space to keep lines short (RFC 5322 §2.2.3).</summary>
    internal static void AppendField(StringBuilder sb, string name, string value)
    {
        var line = new StringBuilder(name).Append(": ");
        string[] words = value.Split(' ');
        for (int i = 0; i < words.Length; i++)
        {
            string word = words[i];
            // A word never exceeds the 998-octet line limit, even a pathological one.
            if (word.Length > 900)
                word = word[..900];
            if (i > 0)
            {
                if (line.Length + 1 + word.Length > FoldAt && line.ToString().Trim().Length > name.Length + 1)
                {
                    sb.Append(line).Append("\r\n");
                    line.Clear();
                }
                line.Append(' ');
            }
            line.Append(word);
        }
        sb.Append(line).Append("\r\n");
    }
}
