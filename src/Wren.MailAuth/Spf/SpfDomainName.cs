using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Wren.MailAuth.Spf;

/// <summary>Domain name rules of RFC 7208: which names can be checked or queried, domain-end syntax, truncation.</summary>
internal static class SpfDomainName
{
    private const int MaxLength = 253;
    private const int MaxLabel = 63;
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    /// <summary>
    /// RFC 7208 §4.3: a &lt;domain&gt; that is malformed (a label longer than 63 octets, an empty label other than
    /// the trailing root) or not a multi-label name cannot be checked: check_host() returns "none". Address
    /// literals ("[192.0.2.1]") are not domain names either. Returns the name without its trailing dot, U-labels
    /// turned into A-labels.
    /// </summary>
    public static bool TryNormalizeCheckable(string domain, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (domain.Length == 0 || domain[0] == '[' || !TryNormalizeQueryable(domain, out string? name) || !name.Contains('.'))
            return false;
        normalized = name;
        return true;
    }

    /// <summary>
    /// A name a DNS query can be made of: labels of 1-63 octets, at most 253 characters, no control characters
    /// (spaces and '%' can come out of macros and are legal DNS octets), trailing dot removed. A target-name that fails this is treated as non-existent (RFC 7208 §4.3 by
    /// analogy; §4.8 leaves the case undefined): no query is sent and the mechanism does not match.
    /// </summary>
    public static bool TryNormalizeQueryable(string name, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        string trimmed = name.EndsWith('.') ? name[..^1] : name;
        if (trimmed.Length == 0)
            return false;
        if (!Ascii.IsValid(trimmed))
        {
            try
            {
                trimmed = Idn.GetAscii(trimmed);
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
        if (trimmed.Length > MaxLength)
            return false;
        foreach (char c in trimmed)
        {
            if (c is < ' ' or > '~')
                return false;
        }
        foreach (string label in trimmed.Split('.'))
        {
            if (label.Length is 0 or > MaxLabel)
                return false;
        }
        normalized = trimmed;
        return true;
    }

    /// <summary>
    /// RFC 7208 §7.3: an expanded domain name longer than 253 characters loses labels on the left until it fits.
    /// </summary>
    public static string Truncate(string expanded)
    {
        string name = expanded;
        string trailing = name.EndsWith('.') ? "." : "";
        string body = trailing.Length > 0 ? name[..^1] : name;
        while (body.Length > MaxLength)
        {
            int dot = body.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
                return body;
            body = body[(dot + 1)..];
        }
        return body + trailing;
    }

    /// <summary>
    /// RFC 7208 §7.1: domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand.
    /// </summary>
    public static bool HasValidDomainEnd(SpfMacroString spec)
    {
        if (spec.EndsWithMacroExpand)
            return true;
        string literal = spec.TrailingLiteral;
        if (literal.EndsWith('.'))
            literal = literal[..^1];
        int dot = literal.LastIndexOf('.');
        return dot >= 0 && IsTopLabel(literal.AsSpan(dot + 1));
    }

    /// <summary>
    /// RFC 7208 §7.1: toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum ):
    /// not all digits, and dashes only inside.
    /// </summary>
    public static bool IsTopLabel(ReadOnlySpan<char> label)
    {
        if (label.Length == 0)
            return false;
        bool hasDash = false, hasAlpha = false;
        foreach (char c in label)
        {
            if (c == '-')
                hasDash = true;
            else if (char.IsAsciiLetter(c))
                hasAlpha = true;
            else if (!char.IsAsciiDigit(c))
                return false;
        }
        return hasDash ? label[0] != '-' && label[^1] != '-' : hasAlpha;
    }

    /// <summary>True when <paramref name="name"/> is <paramref name="domain"/> or one of its subdomains (case-insensitive).</summary>
    public static bool IsSameOrSubdomain(string name, string domain)
    {
        string n = name.TrimEnd('.');
        string d = domain.TrimEnd('.');
        return n.Equals(d, StringComparison.OrdinalIgnoreCase)
            || (n.Length > d.Length && n.EndsWith(d, StringComparison.OrdinalIgnoreCase) && n[n.Length - d.Length - 1] == '.');
    }
}
