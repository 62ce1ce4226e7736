namespace Wren.Smtp.Protocol;

/// <summary>
/// The argument of MAIL FROM: / RCPT TO: split into the path and its ESMTP parameters
/// (RFC 5321 §4.1.1.2: <c>"FROM:" Reverse-path [SP Mail-parameters]</c>).
/// </summary>
public sealed record PathArgument(string Path, IReadOnlyList<KeyValuePair<string, string?>> Parameters)
{
    /// <summary>
    /// Parses <c>FROM:&lt;path&gt; PARAM=value …</c> after the verb. <paramref name="prefix"/> is
    /// <c>FROM:</c> or <c>TO:</c>. Returns null when the shape is wrong. A space after the colon is
    /// tolerated (many clients send it). The path keeps no angle brackets; a source route
    /// (<c>@a,@b:</c>, RFC 5321 §4.1.1.3) is dropped.
    /// </summary>
    public static PathArgument? Parse(string argument, string prefix)
    {
        if (!argument.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            return null;
        string rest = argument[prefix.Length..].TrimStart(' ');
        if (!rest.StartsWith('<'))
            return null;
        int close = FindClosingBracket(rest);
        if (close < 0)
            return null;
        string path = rest[1..close];
        if (path.StartsWith('@'))
        {
            int colon = path.IndexOf(':');
            if (colon < 0)
                return null;
            path = path[(colon + 1)..];
        }
        string tail = rest[(close + 1)..];
        if (tail.Length > 0 && tail[0] != ' ')
            return null;
        var parameters = new List<KeyValuePair<string, string?>>();
        foreach (string token in tail.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = token.IndexOf('=');
            string key = eq < 0 ? token : token[..eq];
            string? value = eq < 0 ? null : token[(eq + 1)..];
            // RFC 5321 §4.1.2: esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
            if (key.Length == 0 || !char.IsAsciiLetterOrDigit(key[0]) || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                return null;
            if (value is not null && (value.Length == 0 || value.Any(c => c is '=' || c < 33 || c == 127)))
                return null;
            parameters.Add(new(key.ToUpperInvariant(), value));
        }
        return new PathArgument(path, parameters);
    }

    // The closing '>' that is not inside a quoted local part.
    private static int FindClosingBracket(string text)
    {
        bool quoted = false;
        for (int i = 1; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted && c == '\\')
                i++;
            else if (c == '"')
                quoted = !quoted;
            else if (c == '>' && !quoted)
                return i;
        }
        return -1;
    }
}
