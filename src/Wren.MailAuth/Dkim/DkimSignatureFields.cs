using System.Globalization;
using MimeKit.Cryptography;

namespace Wren.MailAuth.Dkim;

/// <summary>
/// The tags of one DKIM-Signature field (RFC 6376 §3.5), checked for syntax and for the rules of §6.1.1
/// that need no key. <see cref="TryParse"/> tells apart a field that cannot be read (<see cref="DkimVerdict.Neutral"/>)
/// from one that breaks a rule (<see cref="DkimVerdict.PermError"/>).
/// </summary>
internal sealed class DkimSignatureFields
{
    /// <summary>The signature algorithm (a=).</summary>
    public required DkimSignatureAlgorithm Algorithm { get; init; }

    /// <summary>a= as written, lower-cased.</summary>
    public required string AlgorithmName { get; init; }

    /// <summary>The signature (b=), base64 without white space.</summary>
    public required string Signature { get; init; }

    /// <summary>The body hash (bh=), base64 without white space.</summary>
    public required string BodyHash { get; init; }

    /// <summary>Header canonicalization (c=, first part).</summary>
    public required DkimCanonicalizationAlgorithm HeaderCanonicalization { get; init; }

    /// <summary>Body canonicalization (c=, second part).</summary>
    public required DkimCanonicalizationAlgorithm BodyCanonicalization { get; init; }

    /// <summary>The signing domain (d=), lower-cased.</summary>
    public required string Domain { get; init; }

    /// <summary>The selector (s=).</summary>
    public required string Selector { get; init; }

    /// <summary>The signed header field names (h=), as written.</summary>
    public required string[] SignedHeaders { get; init; }

    /// <summary>The agent or user identifier (i=), or null when absent.</summary>
    public string? Identity { get; init; }

    /// <summary>The body length count (l=), or null when the whole body is signed.</summary>
    public long? BodyLength { get; init; }

    /// <summary>The signature timestamp (t=), seconds since the epoch.</summary>
    public long? Timestamp { get; init; }

    /// <summary>The expiration (x=), seconds since the epoch.</summary>
    public long? Expiration { get; init; }

    /// <summary>The domain of i=, or d= when i= is absent (RFC 6376 §3.5: i= defaults to "@" d=).</summary>
    public string IdentityDomain =>
        Identity is null ? Domain : Identity[(Identity.LastIndexOf('@') + 1)..].ToLowerInvariant();

    /// <summary>Reads <paramref name="value"/> (the field's value, after the colon).</summary>
    /// <param name="value">The DKIM-Signature field value.</param>
    /// <param name="fields">The parsed tags, or null.</param>
    /// <param name="partial">What could be read for the result (d=, s=, a=, i=, b=) even when parsing failed.</param>
    /// <param name="failure">Neutral (unreadable) or PermError (a rule broken) with the reason, when it returns false.</param>
    public static bool TryParse(string value, out DkimSignatureFields? fields, out DkimResult partial, out DkimResult? failure)
    {
        ArgumentNullException.ThrowIfNull(value);
        fields = null;
        failure = null;
        partial = new DkimResult(DkimVerdict.Neutral, null, null, null);
        if (!DkimTagList.TryParse(value, out DkimTagList? tags, out string? syntaxError))
        {
            failure = partial with { Reason = "signature syntax error: " + syntaxError };
            return false;
        }
        string? b = tags!["b"] is { } rawB ? DkimTagList.StripWhiteSpace(rawB) : null;
        var read = new DkimResult(DkimVerdict.Neutral, tags["d"]?.ToLowerInvariant(), tags["s"], tags["a"]?.ToLowerInvariant(),
            tags["i"], b is null ? null : b[..Math.Min(b.Length, 8)]);
        partial = read;

        DkimResult Neutral(string reason) => read with { Verdict = DkimVerdict.Neutral, Reason = reason };
        DkimResult PermError(string reason) => read with { Verdict = DkimVerdict.PermError, Reason = reason };

        // RFC 6376 §6.1.1: a signature missing a required tag is ignored (PERMFAIL "signature missing required tag").
        foreach (string required in (string[])["v", "a", "b", "bh", "d", "h", "s"])
        {
            if (tags[required] is null)
            {
                failure = Neutral($"signature missing required tag {required}=");
                return false;
            }
        }
        // RFC 6376 §3.5 v=: "1"; anything else is an incompatible version (§6.1.1).
        if (tags["v"] != "1")
        {
            failure = Neutral($"incompatible version v={tags["v"]}");
            return false;
        }
        if (!TryAlgorithm(partial.Algorithm!, out DkimSignatureAlgorithm algorithm))
        {
            failure = PermError($"unknown signature algorithm a={partial.Algorithm}");
            return false;
        }
        string bh = DkimTagList.StripWhiteSpace(tags["bh"]!);
        if (!IsBase64(b!) || b!.Length == 0 || !IsBase64(bh) || bh.Length == 0)
        {
            failure = Neutral("b= or bh= is not base64");
            return false;
        }
        if (!TryCanonicalization(tags["c"], out var headerCanon, out var bodyCanon))
        {
            failure = Neutral($"unknown canonicalization c={tags["c"]}");
            return false;
        }
        string domain = partial.Domain!;
        if (domain.Length == 0 || partial.Selector!.Length == 0)
        {
            failure = Neutral("empty d= or s=");
            return false;
        }
        string[] headers = [.. tags["h"]!.Split(':').Select(DkimTagList.StripWhiteSpace)];
        if (headers.Any(h => h.Length == 0))
        {
            failure = Neutral("empty header name in h=");
            return false;
        }
        // RFC 6376 §5.4 / §6.1.1: the From field MUST be signed.
        if (!headers.Contains("from", StringComparer.OrdinalIgnoreCase))
        {
            failure = PermError("From field not signed (h= lacks from)");
            return false;
        }
        string? identity = tags["i"];
        if (identity is not null)
        {
            int at = identity.LastIndexOf('@');
            string identityDomain = at < 0 ? "" : identity[(at + 1)..].ToLowerInvariant();
            // RFC 6376 §3.5 i=: the domain MUST be the same as, or a subdomain of, d= (§6.1.1 "domain mismatch").
            if (at < 0 || !(identityDomain == domain || identityDomain.EndsWith("." + domain, StringComparison.Ordinal)))
            {
                failure = PermError($"domain mismatch: i={identity} is not in d={domain}");
                return false;
            }
        }
        if (tags["q"] is { } q && !q.Split(':').Any(m => DkimTagList.StripWhiteSpace(m).Equals("dns/txt", StringComparison.OrdinalIgnoreCase)))
        {
            // RFC 6376 §3.5 q=: dns/txt is the only method defined.
            failure = PermError($"unsupported query method q={q}");
            return false;
        }
        if (!TryNumber(tags["l"], out long? length) || !TryNumber(tags["t"], out long? timestamp) || !TryNumber(tags["x"], out long? expiration))
        {
            failure = Neutral("l=, t= or x= is not a decimal number");
            return false;
        }
        // RFC 6376 §3.5 x=: the value MUST be greater than t=.
        if (timestamp is not null && expiration is not null && expiration < timestamp)
        {
            failure = PermError("x= is earlier than t=");
            return false;
        }
        fields = new DkimSignatureFields
        {
            Algorithm = algorithm,
            AlgorithmName = partial.Algorithm!,
            Signature = b,
            BodyHash = bh,
            HeaderCanonicalization = headerCanon,
            BodyCanonicalization = bodyCanon,
            Domain = domain,
            Selector = partial.Selector!,
            SignedHeaders = headers,
            Identity = identity,
            BodyLength = length,
            Timestamp = timestamp,
            Expiration = expiration,
        };
        return true;
    }

    private static bool TryAlgorithm(string name, out DkimSignatureAlgorithm algorithm)
    {
        switch (name)
        {
            case "rsa-sha256": algorithm = DkimSignatureAlgorithm.RsaSha256; return true;
            case "ed25519-sha256": algorithm = DkimSignatureAlgorithm.Ed25519Sha256; return true; // RFC 8463 §3
            case "rsa-sha1": algorithm = DkimSignatureAlgorithm.RsaSha1; return true; // refused later: RFC 8301 §3.1
            default: algorithm = default; return false;
        }
    }

    // RFC 6376 §3.5 c=: header/body, each "simple" or "relaxed"; default simple/simple, a lone value sets the header part.
    private static bool TryCanonicalization(string? value, out DkimCanonicalizationAlgorithm header, out DkimCanonicalizationAlgorithm body)
    {
        header = body = DkimCanonicalizationAlgorithm.Simple;
        if (value is null)
            return true;
        string[] parts = value.Split('/');
        if (parts.Length > 2 || !TryOne(parts[0], out header))
            return false;
        return parts.Length == 1 || TryOne(parts[1], out body);

        static bool TryOne(string text, out DkimCanonicalizationAlgorithm result)
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "simple": result = DkimCanonicalizationAlgorithm.Simple; return true;
                case "relaxed": result = DkimCanonicalizationAlgorithm.Relaxed; return true;
                default: result = default; return false;
            }
        }
    }

    // RFC 6376 §3.5 l=, t=, x=: 1*76DIGIT (t= and x= 1*12DIGIT); values beyond a long are clamped.
    private static bool TryNumber(string? text, out long? number)
    {
        number = null;
        if (text is null)
            return true;
        if (text.Length == 0 || text.Length > 76 || !text.All(char.IsAsciiDigit))
            return false;
        number = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : long.MaxValue;
        return true;
    }

    internal static bool IsBase64(string text)
    {
        return text.Length % 4 == 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')
            && Convert.TryFromBase64String(text, new byte[text.Length], out _);
    }
}
