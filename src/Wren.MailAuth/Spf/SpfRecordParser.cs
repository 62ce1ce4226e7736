using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;

namespace Wren.MailAuth.Spf;

/// <summary>
/// Reads a <c>v=spf1</c> record in full before anything is evaluated: RFC 7208 §4.6 says a syntax error anywhere in
/// the record is a permerror, even after a mechanism that would have matched.
/// </summary>
internal static partial class SpfRecordParser
{
    private const string Version = "v=spf1";

    /// <summary>
    /// RFC 7208 §4.5: a record is an SPF record when it starts with "v=spf1" (case-insensitively, §4.6.1) followed by
    /// a space or the end; "v=spf10" is not one.
    /// </summary>
    public static bool IsSpfRecord(string text) =>
        text.StartsWith(Version, StringComparison.OrdinalIgnoreCase) && (text.Length == Version.Length || text[Version.Length] == ' ');

    /// <summary>Parses an SPF record (one for which <see cref="IsSpfRecord"/> is true).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SpfRecord? record, [NotNullWhen(false)] out string? error)
    {
        record = null;
        if (!IsSpfRecord(text))
        {
            error = "not a v=spf1 record";
            return false;
        }
        // RFC 7208 §3.1, §4.6.1: records are 7-bit ASCII and terms are separated by spaces only; any other control
        // or non-ASCII character is a syntax error.
        foreach (char c in text)
        {
            if (c is < ' ' or > '~')
            {
                error = $"character U+{(int)c:X4} in the record (RFC 7208 §3.1, §4.6.1)";
                return false;
            }
        }
        var mechanisms = new List<SpfMechanism>();
        SpfMacroString? redirect = null, explanation = null;
        foreach (string term in text[Version.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Match modifier = ModifierPattern().Match(term);
            if (modifier.Success)
            {
                if (!TryParseModifier(modifier.Groups[1].Value, modifier.Groups[2].Value, ref redirect, ref explanation, out error))
                    return false;
                continue;
            }
            if (!TryParseMechanism(term, out SpfMechanism? mechanism, out error))
                return false;
            mechanisms.Add(mechanism);
        }
        record = new SpfRecord(mechanisms, redirect, explanation);
        error = null;
        return true;
    }

    /// <summary>RFC 7208 §7.1: a domain-spec is a macro-string without c, r, t, ending in "." toplabel or a macro.</summary>
    public static bool TryParseDomainSpec(string text, [NotNullWhen(true)] out SpfMacroString? spec, [NotNullWhen(false)] out string? error)
    {
        spec = null;
        if (text.Length == 0)
        {
            error = "empty domain-spec (RFC 7208 §7.1)";
            return false;
        }
        if (!SpfMacroString.TryParse(text, explanation: false, out SpfMacroString? parsed, out error))
            return false;
        if (!SpfDomainName.HasValidDomainEnd(parsed))
        {
            error = $"'{text}' does not end in a top-level label or a macro (RFC 7208 §7.1)";
            return false;
        }
        spec = parsed;
        return true;
    }

    private static bool TryParseModifier(string name, string value, ref SpfMacroString? redirect, ref SpfMacroString? explanation,
        [NotNullWhen(false)] out string? error)
    {
        bool isRedirect = name.Equals("redirect", StringComparison.OrdinalIgnoreCase);
        bool isExp = name.Equals("exp", StringComparison.OrdinalIgnoreCase);
        if (!isRedirect && !isExp)
        {
            // RFC 7208 §6, Appendix A: unknown-modifier = name "=" macro-string; it is ignored, but its macro
            // syntax must be right.
            return SpfMacroString.TryParse(value, explanation: true, out _, out error);
        }
        // RFC 7208 §6: redirect and exp each appear at most once.
        if ((isRedirect ? redirect : explanation) is not null)
            return Error($"'{name}=' appears twice (RFC 7208 §6)", out error);
        // §6.1, §6.2: redirect = "redirect" "=" domain-spec; explanation = "exp" "=" domain-spec. A malformed one is
        // a syntax error, not an unknown modifier.
        if (!TryParseDomainSpec(value, out SpfMacroString? spec, out error))
            return false;
        if (isRedirect)
            redirect = spec;
        else
            explanation = spec;
        return true;
    }

    private static bool TryParseMechanism(string term, [NotNullWhen(true)] out SpfMechanism? mechanism, [NotNullWhen(false)] out string? error)
    {
        mechanism = null;
        error = null;
        // RFC 7208 §4.6.2: qualifier = "+" / "-" / "?" / "~"; "+" when absent.
        SpfVerdict qualifier = term[0] switch
        {
            '-' => SpfVerdict.Fail,
            '~' => SpfVerdict.SoftFail,
            '?' => SpfVerdict.Neutral,
            _ => SpfVerdict.Pass,
        };
        string body = term[0] is '+' or '-' or '~' or '?' ? term[1..] : term;
        int end = body.IndexOfAny([':', '/']);
        string name = (end < 0 ? body : body[..end]).ToLowerInvariant();
        string rest = end < 0 ? "" : body[end..];
        switch (name)
        {
            case "all":
                // §5.1: all = "all", nothing after it.
                if (rest.Length > 0)
                    return Error($"'{term}': 'all' takes no argument (RFC 7208 §5.1)", out error);
                mechanism = new SpfMechanism(qualifier, SpfMechanismKind.All);
                return true;
            case "include":
            case "exists":
                // §5.2: include = "include" ":" domain-spec; §5.7: exists = "exists" ":" domain-spec.
                if (!rest.StartsWith(':') || !TryParseDomainSpec(rest[1..], out SpfMacroString? target, out error))
                    return Error(error ?? $"'{term}' needs ':' and a domain-spec (RFC 7208 §5.2, §5.7)", out error);
                mechanism = new SpfMechanism(qualifier, name == "include" ? SpfMechanismKind.Include : SpfMechanismKind.Exists, target);
                return true;
            case "a":
            case "mx":
                return TryParseAOrMx(term, qualifier, name == "a" ? SpfMechanismKind.A : SpfMechanismKind.Mx, rest, out mechanism, out error);
            case "ptr":
            {
                // §5.5: PTR = "ptr" [ ":" domain-spec ]; no CIDR.
                SpfMacroString? spec = null;
                if (rest.Length > 0 && (!rest.StartsWith(':') || !TryParseDomainSpec(rest[1..], out spec, out error)))
                    return Error(error ?? $"'{term}': ptr takes only ':' and a domain-spec (RFC 7208 §5.5)", out error);
                mechanism = new SpfMechanism(qualifier, SpfMechanismKind.Ptr, spec);
                return true;
            }
            case "ip4":
            case "ip6":
                return TryParseIp(term, qualifier, name == "ip6", rest, out mechanism, out error);
            default:
                return Error($"unknown mechanism '{term}' (RFC 7208 §4.6.1)", out error);
        }
    }

    // §5.3, §5.4: "a" / "mx" [ ":" domain-spec ] [ dual-cidr-length ];
    // dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ].
    private static bool TryParseAOrMx(string term, SpfVerdict qualifier, SpfMechanismKind kind, string rest,
        [NotNullWhen(true)] out SpfMechanism? mechanism, [NotNullWhen(false)] out string? error)
    {
        mechanism = null;
        error = null;
        Match cidr = DualCidrPattern().Match(rest);
        string spec = cidr.Groups["spec"].Value;
        int ip4 = 32, ip6 = 128;
        if (cidr.Groups["ip4"].Success && !SpfAddress.TryParsePrefix(cidr.Groups["ip4"].Value, ipv6: false, out ip4))
            return Error($"'{term}': bad IPv4 CIDR length (RFC 7208 §5.6)", out error);
        if (cidr.Groups["ip6"].Success && !SpfAddress.TryParsePrefix(cidr.Groups["ip6"].Value, ipv6: true, out ip6))
            return Error($"'{term}': bad IPv6 CIDR length (RFC 7208 §5.6)", out error);
        SpfMacroString? target = null;
        if (spec.Length > 0 && (!spec.StartsWith(':') || !TryParseDomainSpec(spec[1..], out target, out error)))
            return Error(error ?? $"'{term}' is malformed (RFC 7208 §5.3, §5.4)", out error);
        mechanism = new SpfMechanism(qualifier, kind, target, Ip4Prefix: ip4, Ip6Prefix: ip6);
        return true;
    }

    // §5.6: ip4 = "ip4" ":" ip4-network [ ip4-cidr-length ]; ip6 = "ip6" ":" ip6-network [ ip6-cidr-length ].
    private static bool TryParseIp(string term, SpfVerdict qualifier, bool ipv6, string rest,
        [NotNullWhen(true)] out SpfMechanism? mechanism, [NotNullWhen(false)] out string? error)
    {
        mechanism = null;
        error = null;
        if (!rest.StartsWith(':'))
            return Error($"'{term}' needs ':' and a network (RFC 7208 §5.6)", out error);
        string value = rest[1..];
        int slash = value.IndexOf('/');
        string network = slash < 0 ? value : value[..slash];
        int prefix = ipv6 ? 128 : 32;
        if (slash >= 0 && !SpfAddress.TryParsePrefix(value[(slash + 1)..], ipv6, out prefix))
            return Error($"'{term}': bad CIDR length (RFC 7208 §5.6)", out error);
        IPAddress? address;
        bool parsed = ipv6 ? SpfAddress.TryParseIp6(network, out address) : SpfAddress.TryParseIp4(network, out address);
        if (!parsed || address is null)
            return Error($"'{term}': not an {(ipv6 ? "IPv6" : "IPv4")} network (RFC 7208 §5.6)", out error);
        mechanism = ipv6
            ? new SpfMechanism(qualifier, SpfMechanismKind.Ip6, Network: address, Ip6Prefix: prefix)
            : new SpfMechanism(qualifier, SpfMechanismKind.Ip4, Network: address, Ip4Prefix: prefix);
        return true;
    }

    private static bool Error(string message, out string error)
    {
        error = message;
        return false;
    }

    // RFC 7208 §4.6.1, Appendix A: modifier = name "=" ...; name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ).
    [GeneratedRegex("^([A-Za-z][A-Za-z0-9_.-]*)=(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ModifierPattern();

    // The CIDR lengths are taken from the end; what is left is ":" domain-spec or nothing.
    [GeneratedRegex("^(?<spec>.*?)(?:/(?<ip4>[0-9]+))?(?://(?<ip6>[0-9]+))?$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex DualCidrPattern();
}
