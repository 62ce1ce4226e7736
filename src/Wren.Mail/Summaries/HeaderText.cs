using System.Text;
using System.Text.Unicode;
using MimeKit;

namespace Wren.Mail.Summaries;

/// <summary>Header values as sent: raw bytes to text, unfolded, without decoding encoded words.</summary>
internal static class HeaderText
{
    /// <summary>Raw header bytes as text: UTF-8 when they are valid UTF-8 (RFC 6532), otherwise one char per byte.</summary>
    public static string Decode(ReadOnlySpan<byte> raw) =>
        Utf8.IsValid(raw) ? Encoding.UTF8.GetString(raw) : Encoding.Latin1.GetString(raw);

    /// <summary>
    /// The value of the first <paramref name="id"/> field in <paramref name="headers"/>, unfolded (RFC 5322 §2.2.3:
    /// CRLFs removed, the whitespace after them kept) and trimmed; null when the field is absent.
    /// </summary>
    public static string? FirstValue(HeaderList headers, HeaderId id)
    {
        int index = headers.IndexOf(id);
        return index < 0 ? null : Unfold(Decode(headers[index].RawValue));
    }

    /// <summary>Removes CR, LF and NUL and trims surrounding spaces and tabs.</summary>
    public static string Unfold(string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            var builder = new StringBuilder(value.Length);
            foreach (char c in value)
            {
                if (c is not ('\r' or '\n' or '\0'))
                    builder.Append(c);
            }
            value = builder.ToString();
        }
        return value.Trim(' ', '\t');
    }
}
