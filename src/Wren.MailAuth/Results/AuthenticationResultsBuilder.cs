using System.Net;
using System.Text;
using Wren.MailAuth.Arc;
using Wren.MailAuth.Dkim;
using Wren.MailAuth.Dmarc;
using Wren.MailAuth.Spf;

namespace Wren.MailAuth.Results;

/// <summary>
/// Writes one Authentication-Results header field (RFC 8601) for Wren's authserv-id from the SPF, DKIM, DMARC and
/// ARC results: one resinfo per result, each on its own line, folded at white space to at most 78 characters
/// (RFC 5322 §2.1.1), values quoted where they are not RFC 2045 tokens.
/// </summary>
/// <example>
/// <code>
/// Authentication-Results: mx.example.org;
///     spf=pass smtp.mailfrom=example.com;
///     dkim=pass header.d=example.com header.s=sel header.a=rsa-sha256
///       header.b=abcdefgh;
///     dmarc=pass (p=reject dis=none) header.from=example.com
/// </code>
/// </example>
public sealed class AuthenticationResultsBuilder
{
    /// <summary>The longest line written, without its CRLF (RFC 5322 §2.1.1 SHOULD).</summary>
    public const int MaxLineLength = 78;

    private const string ResultIndent = "    ";
    private const string ContinuationIndent = "      ";

    private readonly string _authServId;
    private readonly List<List<Word>> _results = [];

    /// <summary>Starts a field for <paramref name="authServId"/> (RFC 8601 §2.5: usually the host name of the MTA).</summary>
    /// <param name="authServId">The authentication service identifier; quoted when it is not a token.</param>
    public AuthenticationResultsBuilder(string authServId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(authServId);
        _authServId = authServId;
    }

    /// <summary>Adds any method's result (RFC 8601 §2.2 resinfo), for methods without a dedicated Add (iprev, auth …).</summary>
    /// <param name="method">The method keyword, e.g. <c>iprev</c>.</param>
    /// <param name="result">The result keyword, e.g. <c>pass</c>.</param>
    /// <param name="comment">A comment written after the result, or null.</param>
    /// <param name="reason">A reason (written as <c>reason="…"</c>), or null.</param>
    /// <param name="properties">The propspecs: ptype (<c>smtp</c>, <c>header</c>, <c>body</c>, <c>policy</c>), property and value.</param>
    /// <returns>This builder.</returns>
    public AuthenticationResultsBuilder Add(string method, string result, string? comment, string? reason,
        params IEnumerable<(string Type, string Property, string Value)> properties)
    {
        if (!HeaderValueSyntax.IsKeyword(method) || !HeaderValueSyntax.IsKeyword(result))
            throw new ArgumentException("The method and result must be RFC 5321 keywords.");
        var words = new List<Word> { new($"{method.ToLowerInvariant()}={result.ToLowerInvariant()}", false) };
        if (!string.IsNullOrWhiteSpace(comment))
            words.AddRange(Words("(" + HeaderValueSyntax.CommentText(comment) + ")"));
        // RFC 8601 §2.2: resinfo = [CFWS] ";" methodspec [ CFWS reasonspec ] [ CFWS 1*propspec ]
        if (!string.IsNullOrWhiteSpace(reason))
            words.AddRange(Words("reason=" + HeaderValueSyntax.Quote(reason), quoted: true));
        foreach (var (type, property, value) in properties)
        {
            if (!HeaderValueSyntax.IsKeyword(type) || !HeaderValueSyntax.IsToken(property) || property.Contains('.'))
                throw new ArgumentException($"'{type}.{property}' is not a valid propspec name.");
            string pvalue = HeaderValueSyntax.PropertyValue(value);
            words.AddRange(Words($"{type}.{property}={pvalue}", quoted: pvalue.StartsWith('"')));
        }
        _results.Add(words);
        return this;
    }

    /// <summary>Adds an SPF result (RFC 8601 §2.7.2): <c>smtp.mailfrom</c> for the MAIL FROM identity, <c>smtp.helo</c>
    /// for the HELO identity; the problem of a temperror or permerror as the reason. Call it once per identity checked.</summary>
    public AuthenticationResultsBuilder AddSpf(SpfResult spf)
    {
        ArgumentNullException.ThrowIfNull(spf);
        string property = string.Equals(spf.Identity, "helo", StringComparison.OrdinalIgnoreCase) ? "helo" : "mailfrom";
        var properties = string.IsNullOrEmpty(spf.Domain) ? [] : new[] { ("smtp", property, spf.Domain) };
        return Add("spf", Keyword(spf.Verdict), null, spf.Problem, properties);
    }

    /// <summary>Adds one resinfo per DKIM signature (RFC 8601 §2.7.1, RFC 6008 header.b), or <c>dkim=none</c> when the
    /// message carries no signature.</summary>
    public AuthenticationResultsBuilder AddDkim(IReadOnlyList<DkimResult> dkim)
    {
        ArgumentNullException.ThrowIfNull(dkim);
        if (dkim.Count == 0)
            return Add("dkim", "none", null, null);
        foreach (DkimResult d in dkim)
        {
            var properties = new List<(string, string, string)>();
            if (!string.IsNullOrEmpty(d.Domain))
                properties.Add(("header", "d", d.Domain));
            if (!string.IsNullOrEmpty(d.Identity))
                properties.Add(("header", "i", d.Identity));
            if (!string.IsNullOrEmpty(d.Selector))
                properties.Add(("header", "s", d.Selector));
            if (!string.IsNullOrEmpty(d.Algorithm))
                properties.Add(("header", "a", d.Algorithm));
            if (!string.IsNullOrEmpty(d.SignaturePrefix))
                properties.Add(("header", "b", d.SignaturePrefix));
            Add("dkim", Keyword(d.Verdict), null, d.Verdict == DkimVerdict.Pass ? null : d.Reason, properties);
        }
        return this;
    }

    /// <summary>Adds the DMARC result (RFC 7489 §11.2): <c>header.from</c>, and as a comment the published policy and the
    /// disposition, e.g. <c>dmarc=fail (p=reject dis=reject) header.from=example.com</c>.</summary>
    public AuthenticationResultsBuilder AddDmarc(DmarcResult dmarc)
    {
        ArgumentNullException.ThrowIfNull(dmarc);
        string? comment = null;
        if (dmarc.Verdict is DmarcVerdict.Pass or DmarcVerdict.Fail)
        {
            var sb = new StringBuilder();
            sb.Append("p=").Append(Keyword(dmarc.Record?.Policy ?? dmarc.Policy));
            if (dmarc.Record?.SubdomainPolicy is { } sp)
                sb.Append(" sp=").Append(Keyword(sp));
            if (dmarc.Record is { Percent: < 100 } r)
                sb.Append(" pct=").Append(r.Percent);
            sb.Append(" dis=").Append(Keyword(dmarc.Disposition));
            comment = sb.ToString();
        }
        string? reason = dmarc.Verdict is DmarcVerdict.TempError or DmarcVerdict.PermError ? dmarc.Problem : null;
        var properties = dmarc.FromDomain is null ? [] : new[] { ("header", "from", dmarc.FromDomain) };
        return Add("dmarc", Keyword(dmarc.Verdict), comment, reason, properties);
    }

    /// <summary>Adds the ARC result (RFC 8617 §6, IANA email-auth registry): <c>smtp.remote-ip</c> of the connecting
    /// client and <c>header.oldest-pass</c> when known.</summary>
    /// <param name="arc">The chain validation result.</param>
    /// <param name="remoteIp">The SMTP client's address, or null.</param>
    public AuthenticationResultsBuilder AddArc(ArcResult arc, IPAddress? remoteIp = null)
    {
        ArgumentNullException.ThrowIfNull(arc);
        var properties = new List<(string, string, string)>();
        if (arc.OldestPassingInstance is { } oldest)
            properties.Add(("header", "oldest-pass", oldest.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (remoteIp is not null)
            properties.Add(("smtp", "remote-ip", remoteIp.ToString()));
        string? comment = arc.Instances > 0 ? $"i={arc.Instances}" : null;
        return Add("arc", Keyword(arc.Verdict), comment, arc.Verdict == ArcVerdict.Fail ? arc.Reason : null, properties);
    }

    /// <summary>The whole header field, <c>Authentication-Results: …</c>, folded, ending in CRLF. With no result added it
    /// states <c>none</c> (RFC 8601 §2.2 no-result).</summary>
    public string Build()
    {
        var sb = new StringBuilder();
        // RFC 8601 §2.2: authres-payload = [CFWS] authserv-id [ CFWS authres-version ] ( no-result / 1*resinfo )
        string head = "Authentication-Results: " + HeaderValueSyntax.Value(_authServId) + ";";
        if (_results.Count == 0)
        {
            string line = head + " none";
            return line.Length <= MaxLineLength ? line + "\r\n" : head + "\r\n" + ResultIndent + "none\r\n";
        }
        sb.Append(head);
        for (int i = 0; i < _results.Count; i++)
        {
            List<Word> words = _results[i];
            bool last = i == _results.Count - 1;
            // Each resinfo starts a line; it wraps at spaces onto deeper-indented lines.
            sb.Append("\r\n");
            int lineLength = 0;
            for (int w = 0; w < words.Count; w++)
            {
                string word = w == words.Count - 1 && !last ? words[w].Text + ";" : words[w].Text;
                if (w == 0)
                {
                    sb.Append(ResultIndent).Append(word);
                    lineLength = ResultIndent.Length + word.Length;
                }
                else if (lineLength + 1 + word.Length <= MaxLineLength)
                {
                    sb.Append(' ').Append(word);
                    lineLength += 1 + word.Length;
                }
                else
                {
                    // Inside a quoted string the folding white space stays part of the value once unfolded
                    // (RFC 5322 §3.2.4), so there the continuation carries exactly the one space it replaces.
                    string indent = words[w].ContinuesQuote ? " " : ContinuationIndent;
                    sb.Append("\r\n").Append(indent).Append(word);
                    lineLength = indent.Length + word.Length;
                }
            }
        }
        return sb.Append("\r\n").ToString();
    }

    /// <summary>Splits a piece of the field at its single spaces: folding may happen at any of them, inside comments
    /// and quoted strings too (RFC 5322 §3.2.2, §3.2.4).</summary>
    private static IEnumerable<Word> Words(string text, bool quoted = false) =>
        text.Split(' ').Select((part, index) => new Word(part, quoted && index > 0));

    /// <summary>A piece of a resinfo between two spaces; <paramref name="ContinuesQuote"/> when the space before it lies
    /// inside a quoted string.</summary>
    private readonly record struct Word(string Text, bool ContinuesQuote);

    private static string Keyword(SpfVerdict v) => v.ToString().ToLowerInvariant();

    private static string Keyword(DkimVerdict v) => v.ToString().ToLowerInvariant();

    private static string Keyword(DmarcVerdict v) => v.ToString().ToLowerInvariant();

    private static string Keyword(DmarcPolicy p) => p.ToString().ToLowerInvariant();

    private static string Keyword(ArcVerdict v) => v.ToString().ToLowerInvariant();
}
