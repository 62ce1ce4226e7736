using System.Text;
using MimeKit;

namespace Wren.MailAuth.Arc;

/// <summary>Builds the payload of an ARC-Authentication-Results field from the Authentication-Results a host wrote.</summary>
public static class ArcAuthenticationResults
{
    /// <summary>
    /// RFC 8617 §4.1.1: one AAR per set, so it holds the combined results of every Authentication-Results field of
    /// <paramref name="authservId"/> in <paramref name="message"/>, top to bottom, one result per line:
    /// <c>authserv-id; result1;\r\n result2 …</c>. Fields of other hosts are ignored.
    /// </summary>
    /// <param name="message">The message carrying this host's Authentication-Results fields.</param>
    /// <param name="authservId">This host's authserv-id (RFC 8601 §2.5), compared case-insensitively.</param>
    /// <returns>The payload for <see cref="ArcSealer.SealAsync"/>, or null when no field of <paramref name="authservId"/> exists.</returns>
    public static string? Combine(MimeMessage message, string authservId)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(authservId);
        var results = new List<string>();
        bool found = false;
        foreach (Header header in message.Headers.Where(h => h.Id == HeaderId.AuthenticationResults))
        {
            List<string> parts = SplitResults(Unfold(header.RawValue));
            // RFC 8601 §2.2: authserv-id [ CFWS authres-version ] then results; the id is the first word.
            string id = parts.Count > 0 ? parts[0].Split(' ', 2)[0] : "";
            if (!id.Equals(authservId, StringComparison.OrdinalIgnoreCase))
                continue;
            found = true;
            // RFC 8601 §2.2: "none" stands for no result.
            results.AddRange(parts.Skip(1).Where(r => r.Length > 0 && !r.Equals("none", StringComparison.OrdinalIgnoreCase)));
        }
        if (!found)
            return null;
        return results.Count == 0 ? authservId + "; none" : authservId + "; " + string.Join(";\r\n ", results);
    }

    private static string Unfold(byte[] raw)
    {
        var text = new StringBuilder(raw.Length);
        bool space = false;
        foreach (char c in Encoding.UTF8.GetString(raw))
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                space = text.Length > 0;
                continue;
            }
            if (space)
                text.Append(' ');
            space = false;
            text.Append(c);
        }
        return text.ToString();
    }

    // Splits at ';' outside comments and quoted strings (RFC 5322 §3.2.2, §3.2.4).
    private static List<string> SplitResults(string value)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        int depth = 0;
        bool quoted = false, escaped = false;
        foreach (char c in value)
        {
            if (escaped)
                escaped = false;
            else if (c == '\\' && (quoted || depth > 0))
                escaped = true;
            else if (c == '"' && depth == 0)
                quoted = !quoted;
            else if (c == '(' && !quoted)
                depth++;
            else if (c == ')' && !quoted && depth > 0)
                depth--;
            else if (c == ';' && !quoted && depth == 0)
            {
                parts.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        parts.Add(current.ToString().Trim());
        return parts;
    }
}
