using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>
/// The strict parser of MTA-STS policy files (RFC 8461 §3.2). Anything that does not follow the grammar
/// yields no policy, because RFC 8461 §3.3 says an invalid policy is treated as no policy at all.
/// </summary>
public static class MtaStsPolicyParser
{
    /// <summary>RFC 8461 §3.3: senders should refuse policy bodies larger than 64 KiB.</summary>
    public const int MaxPolicyBytes = 64 * 1024;

    /// <summary>RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year).</summary>
    public const long MaxMaxAgeSeconds = 31_557_600;

    /// <summary>Parses a policy file; on failure <paramref name="error"/> says what was wrong.</summary>
    /// <param name="text">The body of <c>/.well-known/mta-sts.txt</c>, lines ending with LF or CRLF.</param>
    /// <param name="policy">The policy, when the text is valid.</param>
    /// <param name="error">Why the text is not a valid policy, or null.</param>
    public static bool TryParse(string text, [NotNullWhen(true)] out MtaStsPolicy? policy, [NotNullWhen(false)] out string? error)
    {
        policy = null;
        if (Encoding.UTF8.GetByteCount(text) > MaxPolicyBytes)
            return Fail("policy larger than 64 KiB", out error);

        string? version = null, mode = null, maxAge = null;
        var mx = new List<string>();
        // RFC 8461 §3.2: sts-policy-term = LF / CRLF. A final terminator is allowed; so are trailing
        // blank lines, which carry no field and are common in hand-written files.
        string[] lines = text.Split('\n');
        int last = lines.Length;
        while (last > 0 && (lines[last - 1].Length == 0 || lines[last - 1] == "\r"))
            last--;
        if (last == 0)
            return Fail("empty policy", out error);

        for (int i = 0; i < last; i++)
        {
            string line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
            int colon = line.IndexOf(':');
            if (colon <= 0)
                return Fail($"line {i + 1} is not 'key: value'", out error);
            string name = line[..colon];
            if (!IsFieldName(name))
                return Fail($"line {i + 1}: invalid field name", out error);
            // sts-policy-field-delim = ":" *WSP, and a field may be followed by *WSP.
            string value = line[(colon + 1)..].Trim(' ', '\t');
            if (value.Length == 0 || !IsFieldValue(value))
                return Fail($"line {i + 1}: invalid value for '{name}'", out error);
            switch (name)
            {
                // Field names are case-sensitive (%s"…" in the ABNF): "Mode" is an unknown extension field.
                case "version":
                    if (version is not null) return Fail("'version' repeated", out error);
                    version = value;
                    break;
                case "mode":
                    if (mode is not null) return Fail("'mode' repeated", out error);
                    mode = value;
                    break;
                case "max_age":
                    if (maxAge is not null) return Fail("'max_age' repeated", out error);
                    maxAge = value;
                    break;
                case "mx":
                    if (!IsMxPattern(value)) return Fail($"invalid mx '{value}'", out error);
                    mx.Add(value.ToLowerInvariant());
                    break;
                default:
                    // RFC 8461 §3.2: unknown fields (sts-policy-extension) are ignored.
                    break;
            }
        }

        if (version != "STSv1")
            return Fail(version is null ? "no 'version'" : $"unsupported version '{version}'", out error);
        MtaStsMode? parsedMode = mode switch
        {
            "enforce" => MtaStsMode.Enforce,
            "testing" => MtaStsMode.Testing,
            "none" => MtaStsMode.None,
            _ => null,
        };
        if (parsedMode is null)
            return Fail(mode is null ? "no 'mode'" : $"unknown mode '{mode}'", out error);
        // sts-policy-max-age-value = 1*10(DIGIT), at most 31557600.
        if (maxAge is null || maxAge.Length > 10 || !maxAge.All(char.IsAsciiDigit)
            || !long.TryParse(maxAge, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            || seconds > MaxMaxAgeSeconds)
            return Fail(maxAge is null ? "no 'max_age'" : $"invalid max_age '{maxAge}'", out error);
        // RFC 8461 §3.2: mx is required at least once, except when the mode is "none".
        if (mx.Count == 0 && parsedMode != MtaStsMode.None)
            return Fail("no 'mx'", out error);

        policy = new MtaStsPolicy(parsedMode.Value, mx, TimeSpan.FromSeconds(seconds));
        error = null;
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }

    // sts-policy-ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
    private static bool IsFieldName(string name) =>
        name.Length is >= 1 and <= 32 && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    // sts-policy-ext-value = 1*(%x21-3A / %x3C / %x3E-7E): visible ASCII except ';' and '='.
    private static bool IsFieldValue(string value) => value.All(c => c is >= '!' and <= '~' and not ';' and not '=');

    // sts-policy-mx-value = ["*."] Domain (RFC 5321 Domain: LDH labels separated by dots).
    private static bool IsMxPattern(string value)
    {
        string domain = value.StartsWith("*.", StringComparison.Ordinal) ? value[2..] : value;
        if (domain.Length is 0 or > 253)
            return false;
        foreach (string label in domain.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
                return false;
            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                return false;
        }
        return true;
    }
}
