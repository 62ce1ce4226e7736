using System.Text;

namespace Wren.MailAuth.Results;

/// <summary>The lexical pieces of RFC 8601 §2.2 values: RFC 2045 tokens, RFC 5322 quoted strings and comments.</summary>
internal static class HeaderValueSyntax
{
    /// <summary>RFC 2045 §5.1 tspecials.</summary>
    private const string TSpecials = "()<>@,;:\\\"/[]?=";

    /// <summary>RFC 2045 token character: printable US-ASCII except SPACE and tspecials; non-ASCII (RFC 6532) allowed.</summary>
    public static bool IsTokenChar(char c) => c > 0x7f ? !char.IsWhiteSpace(c) && !char.IsControl(c) : c is > ' ' and < (char)0x7f && !TSpecials.Contains(c);

    /// <summary>RFC 2045 token: one or more token characters.</summary>
    public static bool IsToken(string s) => s.Length > 0 && s.All(IsTokenChar);

    /// <summary>RFC 5321 Keyword (Ldh-str): letters, digits and hyphens, not ending in a hyphen.</summary>
    public static bool IsKeyword(string s) =>
        s.Length > 0 && char.IsAsciiLetterOrDigit(s[0]) && char.IsAsciiLetterOrDigit(s[^1]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>RFC 8601 §2.2 value (token / quoted-string): the text as it is when it is a token, else quoted.</summary>
    public static string Value(string s) => IsToken(s) ? s : Quote(s);

    /// <summary>RFC 8601 §2.2 pvalue: also allows <c>[local-part] "@" domain-name</c> unquoted when the local part is a dot-atom.</summary>
    public static string PropertyValue(string s)
    {
        if (IsToken(s))
            return s;
        int at = s.LastIndexOf('@');
        if (at >= 0 && IsDomainName(s[(at + 1)..]) && (at == 0 || IsDotAtom(s[..at])))
            return s;
        return Quote(s);
    }

    /// <summary>An RFC 5322 quoted-string; controls and line breaks become spaces, <c>\</c> and <c>"</c> are escaped.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in Clean(s))
        {
            if (c is '"' or '\\')
                sb.Append('\\');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    /// <summary>The words of an RFC 5322 comment text: parentheses and backslashes escaped, controls removed.</summary>
    public static string CommentText(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in Clean(s))
        {
            if (c is '(' or ')' or '\\')
                sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static string Clean(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool space = false;
        foreach (char c in s)
        {
            bool isSpace = char.IsWhiteSpace(c) || char.IsControl(c);
            if (isSpace && !space && sb.Length > 0)
                sb.Append(' ');
            else if (!isSpace)
                sb.Append(c);
            space = isSpace;
        }
        return sb.ToString().TrimEnd();
    }

    private static bool IsDomainName(string s) =>
        s.Length > 0 && s.Split('.').All(label => label.Length > 0 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || c > 0x7f));

    // RFC 5322 §3.2.3 dot-atom-text.
    private static bool IsDotAtom(string s) =>
        s.Split('.').All(atom => atom.Length > 0 && atom.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c) || c > 0x7f));
}
