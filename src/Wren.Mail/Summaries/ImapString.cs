using System.Text;

namespace Wren.Mail.Summaries;

/// <summary>Writes IMAP strings (RFC 9051 §4.3): quoted when the grammar allows it, a literal otherwise, NIL for null.</summary>
internal static class ImapString
{
    /// <summary>Appends <paramref name="value"/> as an nstring: NIL when null.</summary>
    public static void AppendNString(StringBuilder builder, string? value, bool utf8)
    {
        if (value is null)
            builder.Append("NIL");
        else
            AppendString(builder, value, utf8);
    }

    /// <summary>
    /// Appends <paramref name="value"/> as a quoted string when it holds only TEXT-CHARs (RFC 9051 §9: no CR, LF
    /// or NUL; 8-bit only when <paramref name="utf8"/>, i.e. UTF8=ACCEPT is on), with <c>"</c> and <c>\</c>
    /// escaped; otherwise as a synchronizing literal whose length counts UTF-8 octets. NULs are dropped: no
    /// string may carry one.
    /// </summary>
    public static void AppendString(StringBuilder builder, string value, bool utf8)
    {
        if (value.Contains('\0'))
            value = value.Replace("\0", "");
        bool quotable = true;
        foreach (char c in value)
        {
            if (c is '\r' or '\n' || (c >= 0x80 && !utf8))
            {
                quotable = false;
                break;
            }
        }
        if (!quotable)
        {
            builder.Append('{').Append(Encoding.UTF8.GetByteCount(value)).Append("}\r\n").Append(value);
            return;
        }
        builder.Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\')
                builder.Append('\\');
            builder.Append(c);
        }
        builder.Append('"');
    }
}
