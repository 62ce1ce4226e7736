using System.Text;

namespace Wren.Mail.Summaries;

/// <summary>
/// Writes the BODYSTRUCTURE (extensible) and BODY (non-extensible) fetch items' values (RFC 9051 §7.5.2,
/// formal syntax "body" in §9). Type, subtype, parameter names, encoding and disposition type are written in
/// upper case, as RFC 9051's examples do (clients compare them case-insensitively); values are kept as sent.
/// </summary>
public static class BodyStructureWriter
{
    /// <summary>The BODYSTRUCTURE value of <paramref name="summary"/>: body-ext-1part / body-ext-mpart included.</summary>
    /// <param name="summary">The message.</param>
    /// <param name="utf8">UTF8=ACCEPT is enabled: 8-bit text may go in quoted strings. Without it, non-ASCII
    /// parameter values are sent in RFC 2231 form (<c>"NAME*" "utf-8''%E2%82%AC"</c>).</param>
    public static string BodyStructure(MessageSummary summary, bool utf8 = false) => Write(summary, extensible: true, utf8);

    /// <summary>The BODY value of <paramref name="summary"/>: no extension data.</summary>
    /// <param name="summary">The message.</param>
    /// <param name="utf8">As for <see cref="BodyStructure"/>.</param>
    public static string Body(MessageSummary summary, bool utf8 = false) => Write(summary, extensible: false, utf8);

    private static string Write(MessageSummary summary, bool extensible, bool utf8)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var builder = new StringBuilder(256);
        AppendPart(builder, summary.Body, extensible, utf8);
        return builder.ToString();
    }

    private static void AppendPart(StringBuilder builder, BodyPart part, bool extensible, bool utf8)
    {
        if (part.IsMultipart)
            AppendMultipart(builder, part, extensible, utf8);
        else
            AppendSinglePart(builder, part, extensible, utf8);
    }

    // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
    private static void AppendMultipart(StringBuilder builder, BodyPart part, bool extensible, bool utf8)
    {
        builder.Append('(');
        if (part.Parts.Count == 0)
        {
            // 1*body: a multipart without parts still needs one; report an empty text part, as Dovecot does.
            builder.Append("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0)");
        }
        foreach (BodyPart child in part.Parts)
            AppendPart(builder, child, extensible, utf8);
        builder.Append(' ');
        ImapString.AppendString(builder, part.Subtype.ToUpperInvariant(), utf8);
        if (extensible)
        {
            // body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
            builder.Append(' ');
            AppendParameters(builder, part.Parameters, addDefaultCharset: false, utf8);
            AppendDispositionLanguageLocation(builder, part, utf8);
        }
        builder.Append(')');
    }

    // body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]
    private static void AppendSinglePart(StringBuilder builder, BodyPart part, bool extensible, bool utf8)
    {
        builder.Append('(');
        ImapString.AppendString(builder, part.Type.ToUpperInvariant(), utf8);
        builder.Append(' ');
        ImapString.AppendString(builder, part.Subtype.ToUpperInvariant(), utf8);

        // body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP body-fld-octets
        builder.Append(' ');
        AppendParameters(builder, part.Parameters, addDefaultCharset: part.IsText, utf8);
        builder.Append(' ');
        ImapString.AppendNString(builder, part.ContentId, utf8);
        builder.Append(' ');
        ImapString.AppendNString(builder, part.Description, utf8);
        builder.Append(' ');
        ImapString.AppendString(builder, string.IsNullOrEmpty(part.Encoding) ? "7BIT" : part.Encoding.ToUpperInvariant(), utf8);
        builder.Append(' ').Append(part.Body.Length);

        if (part.Message is { } message)
        {
            // body-type-msg = media-message SP body-fields SP envelope SP body SP body-fld-lines
            builder.Append(' ');
            EnvelopeWriter.Append(builder, message.Envelope, utf8);
            builder.Append(' ');
            AppendPart(builder, message.Body, extensible, utf8);
            builder.Append(' ').Append(part.Lines);
        }
        else if (part.IsText)
        {
            // body-type-text = media-text SP body-fields SP body-fld-lines
            builder.Append(' ').Append(part.Lines);
        }

        if (extensible)
        {
            // body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
            builder.Append(' ');
            ImapString.AppendNString(builder, part.Md5, utf8);
            AppendDispositionLanguageLocation(builder, part, utf8);
        }
        builder.Append(')');
    }

    private static void AppendDispositionLanguageLocation(StringBuilder builder, BodyPart part, bool utf8)
    {
        // body-fld-dsp = "(" string SP body-fld-param ")" / nil
        builder.Append(' ');
        if (part.Disposition is { } disposition)
        {
            builder.Append('(');
            ImapString.AppendString(builder, disposition.Type.ToUpperInvariant(), utf8);
            builder.Append(' ');
            AppendParameters(builder, disposition.Parameters, addDefaultCharset: false, utf8);
            builder.Append(')');
        }
        else
        {
            builder.Append("NIL");
        }

        // body-fld-lang = nstring / "(" string *(SP string) ")"
        builder.Append(' ');
        if (part.Languages is not { Count: > 0 } languages)
        {
            builder.Append("NIL");
        }
        else if (languages.Count == 1)
        {
            ImapString.AppendString(builder, languages[0], utf8);
        }
        else
        {
            builder.Append('(');
            for (int i = 0; i < languages.Count; i++)
            {
                if (i > 0)
                    builder.Append(' ');
                ImapString.AppendString(builder, languages[i], utf8);
            }
            builder.Append(')');
        }

        // body-fld-loc = nstring
        builder.Append(' ');
        ImapString.AppendNString(builder, part.Location, utf8);
    }

    // body-fld-param = "(" string SP string *(SP string SP string) ")" / nil
    private static void AppendParameters(StringBuilder builder, IReadOnlyList<MimeParameter> parameters, bool addDefaultCharset, bool utf8)
    {
        bool hasCharset = false;
        foreach (MimeParameter parameter in parameters)
            hasCharset |= parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase);
        addDefaultCharset &= !hasCharset;
        if (parameters.Count == 0 && !addDefaultCharset)
        {
            builder.Append("NIL");
            return;
        }

        builder.Append('(');
        bool first = true;
        foreach (MimeParameter parameter in parameters)
        {
            if (!first)
                builder.Append(' ');
            first = false;
            string name = parameter.Name.ToUpperInvariant();
            string value = parameter.Value;
            if (!utf8 && !Ascii.IsValid(value))
            {
                // Without UTF8=ACCEPT, 8-bit text would need a literal the client may not decode as UTF-8;
                // RFC 2231 §4 form says what it is, and clients decode it.
                name += "*";
                value = Rfc2231Value(value);
            }
            ImapString.AppendString(builder, name, utf8);
            builder.Append(' ');
            ImapString.AppendString(builder, value, utf8);
        }
        if (addDefaultCharset)
        {
            // RFC 2045 §5.2: text without a charset is us-ascii; say so, as Dovecot does.
            if (!first)
                builder.Append(' ');
            builder.Append("\"CHARSET\" \"US-ASCII\"");
        }
        builder.Append(')');
    }

    // RFC 2231 §4: charset'language'value with %XX for octets that are not attribute-char.
    private static string Rfc2231Value(string value)
    {
        var builder = new StringBuilder("utf-8''");
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            bool attributeChar = b is > 0x20 and < 0x7F && "*'%()<>@,;:\\\"/[]?=".IndexOf((char)b) < 0;
            if (attributeChar)
                builder.Append((char)b);
            else
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
