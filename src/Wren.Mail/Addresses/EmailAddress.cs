using System.Globalization;
using System.Text;

namespace Wren.Mail.Addresses;

/// <summary>
/// An RFC 5321 mailbox (<c>local-part@domain</c>), with RFC 6531 UTF-8 local parts and domains allowed.
/// The domain is kept in its canonical form (lower case A-labels, see <see cref="DomainName"/>), so two
/// addresses for the same mailbox compare equal on <see cref="Domain"/> whatever form the client used.
/// </summary>
public sealed record EmailAddress
{
    private EmailAddress(string localPart, string domain, bool needsSmtpUtf8)
    {
        LocalPart = localPart;
        Domain = domain;
        NeedsSmtpUtf8 = needsSmtpUtf8;
    }

    /// <summary>The local part as the client wrote it (quoted form already removed of its quotes).</summary>
    public string LocalPart { get; }

    /// <summary>The domain in canonical ASCII form (punycode, lower case), or an address literal such as <c>[127.0.0.1]</c>.</summary>
    public string Domain { get; }

    /// <summary>True when the local part holds non-ASCII characters, so SMTPUTF8 is needed to transmit it.</summary>
    public bool NeedsSmtpUtf8 { get; }

    /// <summary>The address in the form used for lookups: the local part lower-cased, and the canonical domain.</summary>
    public string Canonical => LocalPart.ToLowerInvariant() + "@" + Domain;

    /// <inheritdoc />
    public override string ToString() => FormatLocalPart(LocalPart) + "@" + Domain;

    /// <summary>Parses <c>local@domain</c> (no angle brackets). Returns false on anything RFC 5321 §4.1.2 does not allow.</summary>
    public static bool TryParse(string text, out EmailAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text) || text.Length > 512)
            return false;
        int at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
            return false;
        string local = text[..at];
        string domainText = text[(at + 1)..];
        if (!TryParseLocalPart(local, out string? parsedLocal, out bool utf8Local))
            return false;
        // RFC 5321 §4.5.3.1.1: the local part is at most 64 octets.
        if (Encoding.UTF8.GetByteCount(parsedLocal!) > 64)
            return false;
        string? domain;
        if (domainText.StartsWith('['))
        {
            if (!AddressLiteral.TryParse(domainText, out domain))
                return false;
        }
        else if (!DomainName.TryCanonicalize(domainText, out domain))
        {
            return false;
        }
        address = new EmailAddress(parsedLocal!, domain!, utf8Local);
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/>.</summary>
    public static EmailAddress Parse(string text) =>
        TryParse(text, out var address) ? address! : throw new FormatException($"'{text}' is not a valid mailbox address.");

    /// <summary>Returns the same address with a different local part (used for plus-address and alias expansion).</summary>
    public EmailAddress WithLocalPart(string localPart) =>
        new(localPart, Domain, localPart.Any(c => c > 127));

    // RFC 5321 §4.1.2: Local-part = Dot-string / Quoted-string; RFC 6531 §3.3 adds UTF-8 to atext and qtext.
    private static bool TryParseLocalPart(string text, out string? local, out bool utf8)
    {
        local = null;
        utf8 = false;
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            var sb = new StringBuilder();
            for (int i = 1; i < text.Length - 1; i++)
            {
                char c = text[i];
                if (c == '\\')
                {
                    if (++i >= text.Length - 1)
                        return false;
                    c = text[i];
                    if (c < 32 || c == 127)
                        return false;
                }
                else if (c < 32 || c == 127 || c == '"')
                {
                    return false;
                }
                utf8 |= c > 127;
                sb.Append(c);
            }
            local = sb.ToString();
            return true;
        }
        if (text.StartsWith('.') || text.EndsWith('.') || text.Contains(".."))
            return false;
        foreach (char c in text)
        {
            if (c == '.' || IsAtext(c))
            {
                utf8 |= c > 127;
                continue;
            }
            return false;
        }
        local = text;
        return true;
    }

    /// <summary>RFC 5322 atext, extended with every non-ASCII character by RFC 6531.</summary>
    internal static bool IsAtext(char c) =>
        c > 127 || char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c);

    private static string FormatLocalPart(string local)
    {
        bool dotAtom = local.Length > 0 && !local.StartsWith('.') && !local.EndsWith('.') && !local.Contains("..")
            && local.All(c => c == '.' || IsAtext(c));
        if (dotAtom)
            return local;
        var sb = new StringBuilder("\"");
        foreach (char c in local)
        {
            if (c is '"' or '\\')
                sb.Append('\\');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}

/// <summary>Domain names in canonical form: IDNA A-labels (RFC 5890), lower case, no trailing dot.</summary>
public static class DomainName
{
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>Validates a domain (RFC 5321 §4.1.2 Domain, U-labels allowed per RFC 6531) and returns it as lower-case A-labels.</summary>
    public static bool TryCanonicalize(string text, out string? canonical)
    {
        canonical = null;
        if (string.IsNullOrEmpty(text) || text.Length > 255)
            return false;
        string ascii;
        try
        {
            ascii = Idn.GetAscii(text.TrimEnd('.'));
        }
        catch (ArgumentException)
        {
            return false;
        }
        ascii = ascii.ToLowerInvariant();
        // RFC 1035 §2.3.4: 253 characters in presentation form, 63 per label.
        if (ascii.Length > 253)
            return false;
        foreach (string label in ascii.Split('.'))
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-'))
                return false;
            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                return false;
        }
        canonical = ascii;
        return true;
    }

    /// <summary>Canonical form or throws <see cref="FormatException"/>.</summary>
    public static string Canonicalize(string text) =>
        TryCanonicalize(text, out var c) ? c! : throw new FormatException($"'{text}' is not a valid domain name.");
}

/// <summary>RFC 5321 §4.1.3 address literals: <c>[IPv4]</c> or <c>[IPv6:...]</c>.</summary>
public static class AddressLiteral
{
    /// <summary>Parses a bracketed address literal and returns it normalised.</summary>
    public static bool TryParse(string text, out string? literal)
    {
        literal = null;
        if (text.Length < 3 || text[0] != '[' || text[^1] != ']')
            return false;
        string inner = text[1..^1];
        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            if (!System.Net.IPAddress.TryParse(inner[5..], out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
                return false;
            literal = "[IPv6:" + v6 + "]";
            return true;
        }
        if (inner.Count(c => c == '.') != 3 || !System.Net.IPAddress.TryParse(inner, out var v4)
            || v4.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            return false;
        literal = "[" + v4 + "]";
        return true;
    }
}
