using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using Org.BouncyCastle.Crypto;

namespace Wren.MailAuth.Arc;

/// <summary>
/// Adds one ARC Set (RFC 8617 §5.1) for a forwarding domain: ARC-Authentication-Results with the host's results,
/// ARC-Message-Signature (rsa-sha256, relaxed/relaxed) and ARC-Seal carrying the chain validation status. The
/// message is not changed: the three fields come back as text for the caller to write in front of the original
/// bytes, so the stored message stays byte-identical below them.
/// </summary>
/// <example>
/// <code>
/// ArcResult chain = await new ArcChainVerifier(dns).VerifyAsync(message, ct);
/// var sealer = new ArcSealer("lists.example.org", "arc2025", File.ReadAllText(pemPath), TimeProvider.System);
/// string results = ArcAuthenticationResults.Combine(message, "lists.example.org") ?? "lists.example.org; none";
/// ArcSealResult seal = await sealer.SealAsync(message, results, chain.Verdict, ct);
/// if (seal.Sealed) { write Encoding.UTF8.GetBytes(seal.HeaderFields), then the original message bytes }
/// </code>
/// </example>
public sealed partial class ArcSealer
{
    /// <summary>RFC 6376 §5.4.1's recommended fields plus DKIM-Signature (RFC 8617 §4.1.2 SHOULD), when present.</summary>
    public static readonly IReadOnlyList<string> DefaultSignedHeaders =
    [
        "from", "reply-to", "subject", "date", "message-id", "to", "cc", "mime-version", "content-type",
        "content-transfer-encoding", "content-id", "content-description", "resent-date", "resent-from",
        "resent-sender", "resent-to", "resent-cc", "resent-message-id", "in-reply-to", "references", "list-id",
        "list-help", "list-unsubscribe", "list-subscribe", "list-post", "list-owner", "list-archive", "dkim-signature",
    ];

    private readonly ArcSealingKey _key;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<string>? _signedHeaders;

    /// <summary>Creates a sealer signing for <paramref name="domain"/> with the key published at <paramref name="selector"/>.</summary>
    /// <param name="domain">The sealing domain (d=).</param>
    /// <param name="selector">The selector (s=): the public key is at <c>selector._domainkey.domain</c>.</param>
    /// <param name="privateKey">An RSA private key of at least 1024 bits.</param>
    /// <param name="timeProvider">The clock for t=; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The key is not an RSA private key of 1024 bits or more.</exception>
    /// <exception cref="NotSupportedException">The key is an Ed25519 key: Wren seals with rsa-sha256 only.</exception>
    public ArcSealer(string domain, string selector, AsymmetricKeyParameter privateKey, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        ArgumentException.ThrowIfNullOrWhiteSpace(selector);
        Domain = domain.Trim().TrimEnd('.').ToLowerInvariant();
        Selector = selector.Trim();
        _key = new ArcSealingKey(privateKey);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates a sealer from a PEM private key (PKCS#8 <c>PRIVATE KEY</c>, or PKCS#1 <c>RSA PRIVATE KEY</c>).</summary>
    /// <param name="domain">The sealing domain (d=).</param>
    /// <param name="selector">The selector (s=).</param>
    /// <param name="privateKeyPem">The PEM text, e.g. the content of <c>&lt;data&gt;/dkim/&lt;domain&gt;/&lt;selector&gt;.rsa.pem</c>.</param>
    /// <param name="timeProvider">The clock for t=; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The text holds no RSA private key of 1024 bits or more.</exception>
    /// <exception cref="NotSupportedException">The key is an Ed25519 key.</exception>
    public ArcSealer(string domain, string selector, string privateKeyPem, TimeProvider? timeProvider = null)
        : this(domain, selector, ArcSealingKey.ReadPem(privateKeyPem), timeProvider)
    {
    }

    /// <summary>The sealing domain (d=).</summary>
    public string Domain { get; }

    /// <summary>The selector (s=).</summary>
    public string Selector { get; }

    /// <summary>
    /// The h= list of the ARC-Message-Signature, used as given: each entry signs one occurrence, bottom-up, and an
    /// entry with no field left signs its absence (RFC 6376 §5.4.2). Null (the default) signs every occurrence of
    /// the <see cref="DefaultSignedHeaders"/> present, and From always.
    /// </summary>
    /// <exception cref="ArgumentException">The list lacks From, or names an ARC field or Authentication-Results.</exception>
    public IReadOnlyList<string>? SignedHeaders
    {
        get => _signedHeaders;
        init => _signedHeaders = value is null ? null : CheckSignedHeaders(value);
    }

    /// <summary>Tag order of the written fields; tests switch to the ValiMail suite's alphabetical form.</summary>
    internal ArcTagOrder TagOrder { get; init; } = ArcTagOrder.InstanceFirst;

    /// <summary>
    /// Makes the next ARC Set for <paramref name="message"/>. Never throws for the message's content: a broken or
    /// malformed chain is sealed with cv=fail (RFC 8617 §5.1.2), and a chain whose newest seal already says cv=fail,
    /// or that has 50 sets, is left as it is (<see cref="ArcSealResult.Sealed"/> false).
    /// </summary>
    /// <param name="message">The message as it will be forwarded (all modifications done, RFC 8617 §5.1 step 1).</param>
    /// <param name="authenticationResults">
    /// This host's authres-payload for the AAR (RFC 8617 §4.1.1), e.g. <c>lists.example.org; arc=pass; spf=pass …</c>,
    /// without the <c>i=</c> tag; see <see cref="ArcAuthenticationResults.Combine"/>.
    /// </param>
    /// <param name="chainValidation">The chain validation status found on arrival (<see cref="ArcChainVerifier"/>).</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The new fields, or why none were made.</returns>
    public async Task<ArcSealResult> SealAsync(MimeMessage message, string authenticationResults, ArcVerdict chainValidation,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(authenticationResults);

        (int highest, string? newestCv) = ScanChain(message.Headers);
        // RFC 8617 §5.1 step 2: a chain whose newest AS reports cv=fail is not sealed again.
        if (newestCv == "fail")
            return new ArcSealResult(false, 0, ArcVerdict.Fail, "", "the newest ARC-Seal already reports cv=fail");
        // RFC 8617 §4.2.1: instances run to 50.
        if (highest >= ArcChain.MaxSets)
            return new ArcSealResult(false, 0, chainValidation, "", $"the chain already has {highest} sets, the most RFC 8617 §4.2.1 allows");
        // RFC 8617 §5.1 step 3: one more than the highest instance found.
        int instance = highest + 1;

        // RFC 8617 §5.1 step 4.3: cv= is the status found on arrival; i=1 always says none (§5.2 step 3.3).
        ArcChain? chain = null;
        ArcVerdict cv = instance == 1 ? ArcVerdict.None
            : chainValidation == ArcVerdict.Pass && ArcChain.TryCollect(message.Headers, out chain, out _, out _) && chain!.Count == highest
                ? ArcVerdict.Pass
                : ArcVerdict.Fail;
        string t = _time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        // RFC 8617 §4.1.1: AAR = "i=" instance ";" authres-payload.
        string aar = "ARC-Authentication-Results: i=" + instance + "; " + FoldPayload(authenticationResults);

        // RFC 8617 §4.1.2: the AMS is a DKIM-Signature (RFC 6376 §3.5, §3.7) named otherwise, with i= the instance.
        List<string> h = SignedHeaderList(message.Headers);
        string bh = Convert.ToBase64String(await ArcCanonicalization.BodyHashAsync(message, cancellationToken).ConfigureAwait(false));
        var amsTags = new List<(string, string)>
        {
            ("i", instance.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("a", "rsa-sha256"),
            ("c", "relaxed/relaxed"), ("d", Domain), ("s", Selector), ("t", t), ("h", string.Join(':', h)), ("bh", bh),
        };
        var signedData = new List<byte>();
        AppendSignedHeaders(signedData, message.Headers, h);
        string ams = Sign("ARC-Message-Signature", amsTags, signedData);

        // RFC 8617 §5.1.1: the AS signs every set in instance order, AAR, AMS, AS, ending with its own (b= empty);
        // §5.1.2: for a failed chain only the set being added.
        var asTags = new List<(string, string)>
        {
            ("i", instance.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("a", "rsa-sha256"), ("t", t),
            ("cv", cv.ToString().ToLowerInvariant()), ("d", Domain), ("s", Selector),
        };
        var sealedData = new List<byte>();
        if (cv == ArcVerdict.Pass)
        {
            foreach (ArcSet set in chain!.Sets)
            {
                AppendField(sealedData, set.AuthenticationResults);
                AppendField(sealedData, set.MessageSignature);
                AppendField(sealedData, set.Seal);
            }
        }
        AppendText(sealedData, aar);
        AppendText(sealedData, ams);
        string seal = Sign("ARC-Seal", asTags, sealedData);

        return new ArcSealResult(true, instance, cv, seal + "\r\n" + ams + "\r\n" + aar + "\r\n");
    }

    private string Sign(string field, List<(string Name, string Value)> tags, List<byte> data)
    {
        // RFC 6376 §3.7: the signature field is hashed last, with b= empty and without its CRLF.
        List<(string, string)> ordered = Order([.. tags, ("b", "")]);
        AppendText(data, Render(field, ordered), withoutCrlf: true);
        string b = Convert.ToBase64String(_key.Sign([.. data]));
        return Render(field, Order([.. tags, ("b", b)]));
    }

    private List<(string Name, string Value)> Order(List<(string Name, string Value)> tags)
    {
        if (TagOrder == ArcTagOrder.Alphabetical)
            return [.. tags.OrderBy(t => t.Name, StringComparer.Ordinal)];
        // i= first (RFC 8617 ABNF), b= last, the rest as listed.
        return [.. tags.Where(t => t.Name == "i"), .. tags.Where(t => t.Name is not ("i" or "b")), .. tags.Where(t => t.Name == "b")];
    }

    // Folds at "; " between tags and inside b= only, so the signed form (b= empty) and the written form have the same
    // relaxed canonicalization (RFC 6376 §3.4.2 turns every fold into one SP, §3.7 drops b='s value with its FWS).
    private static string Render(string field, List<(string Name, string Value)> tags)
    {
        var text = new StringBuilder(field).Append(':');
        int lineLength = text.Length;
        for (int n = 0; n < tags.Count; n++)
        {
            (string name, string value) = tags[n];
            string piece = name + "=" + value + (n < tags.Count - 1 ? ";" : "");
            if (lineLength + 1 + piece.Length > 78 && n > 0)
            {
                text.Append("\r\n ");
                lineLength = 1;
            }
            else
            {
                text.Append(' ');
                lineLength++;
            }
            if (name == "b" && piece.Length > 76)
            {
                // b= may hold FWS anywhere (RFC 6376 §3.5).
                for (int i = 0; i < piece.Length; i += 72)
                {
                    if (i > 0)
                        text.Append("\r\n ");
                    text.Append(piece, i, Math.Min(72, piece.Length - i));
                }
                lineLength = 1 + piece.Length - (piece.Length - 1) / 72 * 72;
            }
            else
            {
                text.Append(piece);
                lineLength += piece.Length;
            }
        }
        return text.ToString();
    }

    private static string FoldPayload(string payload)
    {
        IEnumerable<string> lines = payload.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0);
        return string.Join("\r\n ", lines);
    }

    private List<string> SignedHeaderList(HeaderList headers)
    {
        if (_signedHeaders is not null)
            return [.. _signedHeaders];
        var list = new List<string>();
        foreach (string name in DefaultSignedHeaders)
        {
            int count = headers.Count(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase));
            for (int i = 0; i < Math.Max(count, name == "from" ? 1 : 0); i++)
                list.Add(name);
        }
        return list;
    }

    // RFC 6376 §5.4.2: each h= entry takes the next occurrence of that name from the bottom; none left, nothing.
    private static void AppendSignedHeaders(List<byte> data, HeaderList headers, List<string> names)
    {
        var used = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in names)
        {
            int skip = used.GetValueOrDefault(name);
            Header? header = headers.Where(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase)).Reverse().Skip(skip).FirstOrDefault();
            used[name] = skip + 1;
            if (header is not null)
                AppendField(data, header);
        }
    }

    private static void AppendField(List<byte> data, Header header) =>
        ArcCanonicalization.AppendHeader(data, header.Field, header.RawValue);

    private static void AppendText(List<byte> data, string fieldText, bool withoutCrlf = false)
    {
        int colon = fieldText.IndexOf(':');
        ArcCanonicalization.AppendHeader(data, fieldText[..colon], Encoding.UTF8.GetBytes(fieldText[(colon + 1)..]), withoutCrlf);
    }

    // The highest instance on any ARC field, read leniently (the chain may be malformed), and the cv= of the
    // ARC-Seal with that instance.
    private static (int Highest, string? NewestCv) ScanChain(HeaderList headers)
    {
        var fields = new List<(Header Header, int Instance)>();
        foreach (Header header in headers.Where(h => h.Id is HeaderId.ArcSeal or HeaderId.ArcMessageSignature or HeaderId.ArcAuthenticationResults))
        {
            Match i = InstanceTag().Match(ArcChain.Raw(header));
            if (i.Success && int.TryParse(i.Groups[1].ValueSpan, out int instance))
                fields.Add((header, instance));
        }
        if (fields.Count == 0)
            return (0, null);
        int highest = fields.Max(f => f.Instance);
        string[] cvs = [.. fields.Where(f => f.Instance == highest && f.Header.Id == HeaderId.ArcSeal)
            .Select(f => CvTag().Match(ArcChain.Raw(f.Header)))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value.ToLowerInvariant())];
        return (highest, cvs.Contains("fail") ? "fail" : cvs.FirstOrDefault());
    }

    private static List<string> CheckSignedHeaders(IReadOnlyList<string> names)
    {
        List<string> list = [.. names.Select(n => n.Trim().ToLowerInvariant())];
        // RFC 6376 §5.4: From MUST be signed.
        if (!list.Contains("from"))
            throw new ArgumentException("The signed header fields must include From (RFC 6376 §5.4).", nameof(names));
        // RFC 8617 §4.1.2: neither ARC fields nor Authentication-Results are signed by the AMS.
        if (list.Any(n => n.StartsWith("arc-", StringComparison.Ordinal) || n == "authentication-results" || n.Length == 0 || n.Contains(':')))
            throw new ArgumentException("ARC fields and Authentication-Results must not be signed (RFC 8617 §4.1.2).", nameof(names));
        return list;
    }

    [GeneratedRegex(@"(?:^|;)[ \t\r\n]*i[ \t\r\n]*=[ \t\r\n]*([0-9]{1,9})")]
    private static partial Regex InstanceTag();

    [GeneratedRegex(@"(?:^|;)[ \t\r\n]*cv[ \t\r\n]*=[ \t\r\n]*([A-Za-z]+)")]
    private static partial Regex CvTag();
}
