using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Wren.MailAuth.Arc;

/// <summary>
/// The ARC Sets of a message, collected and checked for structure (RFC 8617 §5.2 steps 1 and 3, §4.1, §4.2.1)
/// before any signature is verified.
/// </summary>
internal sealed partial class ArcChain
{
    /// <summary>RFC 8617 §4.2.1.1: instance values run from 1 to 50.</summary>
    public const int MaxSets = 50;

    private static readonly string[] SignatureAlgorithms = ["rsa-sha256", "ed25519-sha256"];
    private static readonly string[] Canonicalizations = ["simple", "relaxed"];

    private ArcChain(IReadOnlyList<ArcSet> sets) => Sets = sets;

    /// <summary>The sets, oldest (i=1) first.</summary>
    public IReadOnlyList<ArcSet> Sets { get; }

    /// <summary>The highest instance, N.</summary>
    public int Count => Sets.Count;

    /// <summary>
    /// Collects the message's ARC Sets. Returns false with <paramref name="error"/> when a field is malformed or the
    /// sets do not form 1..N; <paramref name="highest"/> is then the highest instance seen (0 when none could be read).
    /// An empty chain is a success with no sets (cv=none).
    /// </summary>
    public static bool TryCollect(HeaderList headers, out ArcChain? chain, out string? error, out int highest)
    {
        chain = null;
        error = null;
        highest = 0;
        var aars = new Dictionary<int, Header>();
        var amss = new Dictionary<int, (Header, ArcTagList)>();
        var seals = new Dictionary<int, (Header, ArcTagList)>();
        foreach (Header header in headers)
        {
            switch (header.Id)
            {
                case HeaderId.ArcAuthenticationResults:
                {
                    // RFC 8617 §4.1.1: AAR = "i=" instance ";" then an RFC 8601 authres-payload.
                    Match m = AarInstance().Match(Raw(header));
                    if (!m.Success || !TryInstance(m.Groups[1].Value, out int i))
                        return Fail("ARC-Authentication-Results without a valid leading i= tag", out error);
                    highest = Math.Max(highest, i);
                    // RFC 8617 §5.2 step 3.1: exactly one of each field per set.
                    if (!aars.TryAdd(i, header))
                        return Fail($"two ARC-Authentication-Results with i={i}", out error);
                    break;
                }
                case HeaderId.ArcMessageSignature:
                {
                    if (!TryReadSignature(header, "ARC-Message-Signature", out ArcTagList? tags, out int i, out error))
                        return false;
                    highest = Math.Max(highest, i);
                    if (!CheckMessageSignature(tags!, out error))
                        return false;
                    if (!amss.TryAdd(i, (header, tags!)))
                        return Fail($"two ARC-Message-Signature with i={i}", out error);
                    break;
                }
                case HeaderId.ArcSeal:
                {
                    if (!TryReadSignature(header, "ARC-Seal", out ArcTagList? tags, out int i, out error))
                        return false;
                    highest = Math.Max(highest, i);
                    if (!CheckSeal(tags!, out error))
                        return false;
                    if (!seals.TryAdd(i, (header, tags!)))
                        return Fail($"two ARC-Seal with i={i}", out error);
                    break;
                }
            }
        }

        var sets = new List<ArcSet>(highest);
        // RFC 8617 §5.2 step 3.2: instances form 1..N with no gaps; step 3.1: each set has all three fields.
        for (int i = 1; i <= highest; i++)
        {
            if (!aars.TryGetValue(i, out Header? aar))
                return Fail($"ARC set {i} has no ARC-Authentication-Results", out error);
            if (!amss.TryGetValue(i, out var ams))
                return Fail($"ARC set {i} has no ARC-Message-Signature", out error);
            if (!seals.TryGetValue(i, out var seal))
                return Fail($"ARC set {i} has no ARC-Seal", out error);
            sets.Add(new ArcSet(i, aar, ams.Item1, ams.Item2, seal.Item1, seal.Item2));
        }
        chain = new ArcChain(sets);
        return true;
    }

    /// <summary>The raw (folded) field value as text.</summary>
    internal static string Raw(Header header) => Encoding.UTF8.GetString(header.RawValue);

    private static bool TryReadSignature(Header header, string field, out ArcTagList? tags, out int instance, out string? error)
    {
        instance = 0;
        tags = ArcTagList.TryParse(Raw(header), out string? parseError);
        if (tags is null)
            return Fail($"malformed {field}: {parseError}", out error);
        // RFC 8617 §4.2.1: every ARC field carries i=, 1..50.
        if (tags["i"] is not { } i || !TryInstance(i, out instance))
            return Fail($"{field} without a valid i= tag", out error);
        error = null;
        return true;
    }

    // RFC 8617 §4.1.2: the AMS has the DKIM-Signature tags except v=; i= replaces the AUID.
    private static bool CheckMessageSignature(ArcTagList tags, out string? error)
    {
        foreach (string required in new[] { "a", "b", "bh", "d", "h", "s" })
            if (!tags.Has(required))
                return Fail($"ARC-Message-Signature has no {required}= tag", out error);
        if (!CheckCommon(tags, "ARC-Message-Signature", out error))
            return false;
        if (!IsBase64(tags["bh"]!))
            return Fail("ARC-Message-Signature bh= is not base64", out error);
        // RFC 8617 §4.1.2: ARC header fields MUST NOT be signed by the AMS. Validators in the field (and the ValiMail
        // suite) tolerate AAR and AMS in h= but reject a signed ARC-Seal, whose presence depends on later hops.
        if (ArcTagList.Compact(tags["h"]!).Split(':').Any(h => h.Equals("arc-seal", StringComparison.OrdinalIgnoreCase)))
            return Fail("ARC-Message-Signature h= signs ARC-Seal", out error);
        // RFC 6376 §3.5 c=: header[/body], each simple or relaxed; absent means simple/simple.
        if (tags["c"] is { } c)
        {
            string[] parts = c.Split('/');
            if (parts.Length > 2 || parts.Any(p => !Canonicalizations.Contains(p, StringComparer.Ordinal)))
                return Fail($"ARC-Message-Signature c={c} is not a canonicalization", out error);
        }
        return true;
    }

    // RFC 8617 §4.1.3: AS tags a, b, cv, d, i, s, t; h= is not allowed.
    private static bool CheckSeal(ArcTagList tags, out string? error)
    {
        foreach (string required in new[] { "a", "b", "cv", "d", "s" })
            if (!tags.Has(required))
                return Fail($"ARC-Seal has no {required}= tag", out error);
        if (tags.Has("h"))
            return Fail("ARC-Seal carries h=, which RFC 8617 §4.1.3 forbids", out error);
        if (tags["cv"] is not ("none" or "pass" or "fail"))
            return Fail($"ARC-Seal cv={tags["cv"]} is not none, pass or fail", out error);
        return CheckCommon(tags, "ARC-Seal", out error);
    }

    private static bool CheckCommon(ArcTagList tags, string field, out string? error)
    {
        // RFC 8617 §4.1.2/§4.1.3 use RFC 6376 §3.5 a=; rsa-sha1 is not acceptable (RFC 8301), ed25519-sha256 is RFC 8463.
        if (!SignatureAlgorithms.Contains(tags["a"], StringComparer.Ordinal))
            return Fail($"{field} a={tags["a"]} is not a supported algorithm", out error);
        if (!IsBase64(tags["b"]!))
            return Fail($"{field} b= is not base64", out error);
        if (!IsDomain(tags["d"]!))
            return Fail($"{field} d={tags["d"]} is not a domain name", out error);
        if (tags["s"]!.Length == 0)
            return Fail($"{field} s= is empty", out error);
        if (tags["t"] is { } t && (t.Length == 0 || t.Length > 12 || !t.All(char.IsAsciiDigit)))
            return Fail($"{field} t={t} is not a timestamp", out error);
        error = null;
        return true;
    }

    private static bool TryInstance(string text, out int instance)
    {
        instance = 0;
        return text.Length is > 0 and <= 2 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out instance)
            && instance is >= 1 and <= MaxSets;
    }

    private static bool IsBase64(string value)
    {
        string compact = ArcTagList.Compact(value);
        return compact.Length > 0 && Convert.TryFromBase64String(compact, new byte[compact.Length], out _);
    }

    private static bool IsDomain(string value) =>
        value.Length is > 0 and <= 253 && value.Split('.').All(label =>
            label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || c > 127));

    private static bool Fail(string reason, out string? error)
    {
        error = reason;
        return false;
    }

    [GeneratedRegex(@"^[ \t\r\n]*i[ \t\r\n]*=[ \t\r\n]*([0-9]+)[ \t\r\n]*;")]
    private static partial Regex AarInstance();
}
