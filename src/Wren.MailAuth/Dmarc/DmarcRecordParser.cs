using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Wren.MailAuth.Dmarc;

/// <summary>The tag-value grammar of RFC 7489 §6.4, leniently: v=DMARC1 first and a usable p=, the rest falls back
/// to defaults when malformed (§6.3: "Syntax errors in the remainder of the record SHOULD be discarded in favor of
/// default values (if any) or ignored outright").</summary>
internal static class DmarcRecordParser
{
    public static bool HasVersionTag(string text)
    {
        // RFC 7489 §6.4: dmarc-version = "v" *WSP "=" *WSP %x44 %x4d %x41 %x52 %x43 %x31 (upper-case "DMARC1").
        int semicolon = text.IndexOf(';');
        string first = (semicolon < 0 ? text : text[..semicolon]).Trim(' ', '\t');
        int eq = first.IndexOf('=');
        return eq > 0
            && first[..eq].TrimEnd(' ', '\t').Equals("v", StringComparison.OrdinalIgnoreCase)
            && first[(eq + 1)..].TrimStart(' ', '\t') == "DMARC1";
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out DmarcRecord? record, [NotNullWhen(false)] out string? error)
    {
        record = null;
        // RFC 7489 §6.3: "v" MUST be present and first.
        if (!HasVersionTag(text))
        {
            error = "not a DMARC record: it does not start with v=DMARC1";
            return false;
        }

        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string[] parts = text.Split(';');
        for (int i = 1; i < parts.Length; i++)
        {
            string part = parts[i].Trim(' ', '\t');
            int eq = part.IndexOf('=');
            if (eq <= 0)
                continue; // empty (trailing ";") or no "=": a syntax error, ignored (§6.3)
            string name = part[..eq].TrimEnd(' ', '\t');
            // §6.3: unknown tags MUST be ignored; a repeated tag keeps its first value.
            tags.TryAdd(name, part[(eq + 1)..].TrimStart(' ', '\t'));
        }

        var aggregate = tags.TryGetValue("rua", out string? rua) ? ParseUris(rua) : [];
        DmarcPolicy? policy = tags.TryGetValue("p", out string? p) ? ParsePolicy(p) : null;
        DmarcPolicy? subdomainPolicy = null;
        bool subdomainInvalid = false;
        if (tags.TryGetValue("sp", out string? sp))
        {
            subdomainPolicy = ParsePolicy(sp);
            subdomainInvalid = subdomainPolicy is null;
        }

        bool invalid = policy is null || subdomainInvalid;
        if (invalid)
        {
            // RFC 7489 §6.6.3 step 6: no valid p= (or an invalid sp=): with a valid rua=, act as if p=none;
            // otherwise no DMARC processing.
            if (aggregate.Count == 0)
            {
                error = policy is null
                    ? (p is null ? "the record has no p= tag" : $"invalid p= value '{p}'")
                    : $"invalid sp= value '{sp}'";
                return false;
            }
            policy = DmarcPolicy.None;
            subdomainPolicy = null;
        }

        record = new DmarcRecord
        {
            Policy = policy!.Value,
            SubdomainPolicy = subdomainPolicy,
            PolicyWasInvalid = invalid,
            DkimAlignment = tags.TryGetValue("adkim", out string? adkim) ? ParseAlignment(adkim) : DmarcAlignmentMode.Relaxed,
            SpfAlignment = tags.TryGetValue("aspf", out string? aspf) ? ParseAlignment(aspf) : DmarcAlignmentMode.Relaxed,
            Percent = tags.TryGetValue("pct", out string? pct) ? ParsePercent(pct) : 100,
            AggregateReportUris = aggregate,
            FailureReportUris = tags.TryGetValue("ruf", out string? ruf) ? ParseUris(ruf) : [],
            FailureOptions = tags.TryGetValue("fo", out string? fo) ? ParseFailureOptions(fo) : ["0"],
            ReportFormats = tags.TryGetValue("rf", out string? rf) ? ParseReportFormats(rf) : ["afrf"],
            ReportInterval = tags.TryGetValue("ri", out string? ri) && IsDigits(ri) && uint.TryParse(ri, NumberStyles.None, CultureInfo.InvariantCulture, out uint interval)
                ? interval : 86400,
        };
        error = null;
        return true;
    }

    // RFC 7489 §6.4: dmarc-request = "p" *WSP "=" *WSP ( "none" / "quarantine" / "reject" ); ABNF strings are case-insensitive.
    private static DmarcPolicy? ParsePolicy(string value) => value.ToLowerInvariant() switch
    {
        "none" => DmarcPolicy.None,
        "quarantine" => DmarcPolicy.Quarantine,
        "reject" => DmarcPolicy.Reject,
        _ => null,
    };

    // RFC 7489 §6.4: dmarc-adkim / dmarc-aspf = "r" / "s"; anything else keeps the default, relaxed.
    private static DmarcAlignmentMode ParseAlignment(string value) =>
        value.Equals("s", StringComparison.OrdinalIgnoreCase) ? DmarcAlignmentMode.Strict : DmarcAlignmentMode.Relaxed;

    // RFC 7489 §6.4: dmarc-percent = "pct" *WSP "=" *WSP 1*3DIGIT, an integer from 0 to 100 (§6.3); else the default 100.
    private static int ParsePercent(string value) =>
        value.Length is >= 1 and <= 3 && IsDigits(value) && int.Parse(value, CultureInfo.InvariantCulture) is var n && n <= 100 ? n : 100;

    // RFC 7489 §6.4: dmarc-uri *(*WSP "," *WSP dmarc-uri); dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ].
    private static List<DmarcReportUri> ParseUris(string value)
    {
        var uris = new List<DmarcReportUri>();
        foreach (string raw in value.Split(','))
        {
            string item = raw.Trim(' ', '\t');
            long? max = null;
            int bang = item.LastIndexOf('!');
            if (bang > 0 && TryParseSize(item[(bang + 1)..], out long size))
            {
                max = size;
                item = item[..bang];
            }
            if (Uri.TryCreate(item, UriKind.Absolute, out Uri? uri) && uri.Scheme.Length > 0 && !item.Contains(' '))
                uris.Add(new DmarcReportUri(uri, max));
        }
        return uris;
    }

    private static bool TryParseSize(string text, out long size)
    {
        size = 0;
        if (text.Length == 0)
            return false;
        int shift = char.ToLowerInvariant(text[^1]) switch { 'k' => 10, 'm' => 20, 'g' => 30, 't' => 40, _ => 0 };
        string digits = shift == 0 ? text : text[..^1];
        if (digits.Length is 0 or > 15 || !IsDigits(digits))
            return false;
        size = long.Parse(digits, CultureInfo.InvariantCulture) << shift;
        return size >= 0;
    }

    // RFC 7489 §6.4: dmarc-fo = "fo" *WSP "=" *WSP ( "0" / "1" / "d" / "s" ) *(*WSP ":" *WSP ( "0" / "1" / "d" / "s" )).
    private static List<string> ParseFailureOptions(string value)
    {
        var options = value.Split(':').Select(o => o.Trim(' ', '\t').ToLowerInvariant())
            .Where(o => o is "0" or "1" or "d" or "s").Distinct().ToList();
        return options.Count > 0 ? options : ["0"];
    }

    // RFC 7489 §6.4: dmarc-rfmt = "rf" *WSP "=" *WSP Keyword *(*WSP ":" Keyword); Keyword per RFC 5321.
    private static List<string> ParseReportFormats(string value)
    {
        var formats = value.Split(':').Select(f => f.Trim(' ', '\t').ToLowerInvariant())
            .Where(f => f.Length > 0 && f.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && char.IsAsciiLetterOrDigit(f[0])).ToList();
        return formats.Count > 0 ? formats : ["afrf"];
    }

    private static bool IsDigits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);
}
