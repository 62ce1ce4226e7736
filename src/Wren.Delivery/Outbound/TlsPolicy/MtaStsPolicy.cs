namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>A parsed MTA-STS policy file (RFC 8461 §3.2).</summary>
/// <param name="Mode">How strictly the policy applies.</param>
/// <param name="MxPatterns">The <c>mx</c> values: host names, or <c>*.</c> followed by a domain; lower case, no trailing dot.</param>
/// <param name="MaxAge">How long a sender may cache the policy.</param>
public sealed record MtaStsPolicy(MtaStsMode Mode, IReadOnlyList<string> MxPatterns, TimeSpan MaxAge)
{
    /// <summary>True when <paramref name="mxHost"/> matches one of <see cref="MxPatterns"/>.</summary>
    public bool MatchesMx(string mxHost) => MxPatterns.Any(pattern => MxPatternMatches(pattern, mxHost));

    /// <summary>
    /// RFC 8461 §4.1: an MX host matches a pattern when they are equal (case-insensitively, trailing dot
    /// ignored), or when the pattern is <c>*.</c> + domain and the host is exactly one label left of that
    /// domain: <c>*.example.com</c> matches <c>mx.example.com</c>, not <c>a.b.example.com</c> nor <c>example.com</c>.
    /// </summary>
    public static bool MxPatternMatches(string pattern, string mxHost)
    {
        string host = mxHost.TrimEnd('.');
        string p = pattern.TrimEnd('.');
        if (!p.StartsWith("*.", StringComparison.Ordinal))
            return string.Equals(p, host, StringComparison.OrdinalIgnoreCase);
        string suffix = p[1..]; // ".example.com"
        if (host.Length <= suffix.Length || !host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            return false;
        // RFC 8461 §4.1: the wildcard stands for the left-most label only, never for several.
        return !host.AsSpan(0, host.Length - suffix.Length).Contains('.');
    }

    /// <summary>The policy as it would appear in a policy file (for logs and the persisted cache).</summary>
    public override string ToString() =>
        $"mode: {ModeText(Mode)}; max_age: {(long)MaxAge.TotalSeconds}; mx: {string.Join(", ", MxPatterns)}";

    /// <summary>The policy-file spelling of <paramref name="mode"/>.</summary>
    public static string ModeText(MtaStsMode mode) => mode switch
    {
        MtaStsMode.Enforce => "enforce",
        MtaStsMode.Testing => "testing",
        _ => "none",
    };
}
