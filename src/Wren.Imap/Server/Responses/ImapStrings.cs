using System.Text;

namespace Wren.Imap.Server;

/// <summary>
/// Writes strings into server responses (RFC 9051 §4.3): quoted when the text allows it, otherwise as a literal;
/// NIL for a missing nstring.
/// </summary>
public static class ImapStrings
{
    // Longer strings go as literals: a quoted string this long is unusual and some clients cap them.
    private const int MaxQuotedLength = 1024;

    /// <summary>Appends <paramref name="value"/> as a quoted string or, when it cannot be quoted, a literal.</summary>
    /// <param name="builder">The response being built.</param>
    /// <param name="value">The string.</param>
    /// <param name="utf8">
    /// True when the client accepts UTF-8 in quoted strings (IMAP4rev2 or UTF8=ACCEPT enabled, RFC 9051 §4.3,
    /// RFC 6855 §3); otherwise non-ASCII text goes as a literal, whose octets may be 8-bit (RFC 3501 §4.3).
    /// </param>
    public static void AppendString(StringBuilder builder, string value, bool utf8)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(value);
        if (CanQuote(value, utf8))
        {
            builder.Append('"');
            foreach (char c in value)
            {
                // RFC 9051 §9 quoted-specials: DQUOTE and backslash are escaped.
                if (c is '"' or '\\')
                    builder.Append('\\');
                builder.Append(c);
            }
            builder.Append('"');
            return;
        }
        // RFC 9051 §4.3: {octet count} CRLF octets; the count is of the UTF-8 bytes.
        builder.Append('{').Append(Encoding.UTF8.GetByteCount(value)).Append("}\r\n").Append(value);
    }

    /// <summary>Appends an nstring: NIL for null, else <see cref="AppendString"/>.</summary>
    public static void AppendNString(StringBuilder builder, string? value, bool utf8)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (value is null)
            builder.Append("NIL");
        else
            AppendString(builder, value, utf8);
    }

    /// <summary>The string as it would be sent (for single values in a response).</summary>
    public static string Format(string value, bool utf8)
    {
        var builder = new StringBuilder(value.Length + 2);
        AppendString(builder, value, utf8);
        return builder.ToString();
    }

    // RFC 9051 §9: QUOTED-CHAR is any TEXT-CHAR (not CR, LF or NUL), 8-bit only as UTF-8 where allowed.
    private static bool CanQuote(string value, bool utf8)
    {
        if (value.Length > MaxQuotedLength)
            return false;
        foreach (char c in value)
        {
            if (c is '\r' or '\n' or '\0')
                return false;
            if (c > 0x7F && !utf8)
                return false;
        }
        return true;
    }
}
