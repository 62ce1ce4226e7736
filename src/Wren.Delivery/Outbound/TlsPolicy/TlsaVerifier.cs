using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wren.Mail.Dns;

namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>
/// Matches a TLS server's certificate chain against TLSA records by the rules of DANE for SMTP
/// (RFC 7672 §3, on RFC 6698 and RFC 7671).
/// </summary>
public static class TlsaVerifier
{
    /// <summary>Certificate usage DANE-TA(2): the chain must contain the trust anchor.</summary>
    public const byte DaneTa = 2;

    /// <summary>Certificate usage DANE-EE(3): the server's own certificate (or key) is pinned.</summary>
    public const byte DaneEe = 3;

    /// <summary>
    /// True when an SMTP client can use <paramref name="record"/>: usage DANE-TA(2) or DANE-EE(3), selector
    /// 0 or 1, matching type 0, 1 or 2 with data of the right length. RFC 7672 §3.1.3: PKIX-TA(0) and
    /// PKIX-EE(1) are unusable for SMTP (MX hosts have no agreed set of public CAs); RFC 6698 §4.1:
    /// records with unknown parameters are unusable and ignored.
    /// </summary>
    public static bool IsUsable(TlsaRecord record) =>
        record.Usage is DaneTa or DaneEe
        && record.Selector is 0 or 1
        && record.MatchingType switch
        {
            0 => record.Data.Length > 0,
            1 => record.Data.Length == SHA256.HashSizeInBytes,
            2 => record.Data.Length == SHA512.HashSizeInBytes,
            _ => false,
        };

    /// <summary>
    /// Decides whether the server's certificates match one of <paramref name="records"/> (unusable records are skipped).
    /// </summary>
    /// <param name="records">The TLSA RRset (already known to be DNSSEC-authenticated).</param>
    /// <param name="leaf">The server's certificate.</param>
    /// <param name="presented">The other certificates the server sent (its chain, in any order).</param>
    /// <param name="referenceNames">Names the certificate must carry for DANE-TA: the TLSA base domain (MX host), maybe the next-hop domain.</param>
    /// <param name="now">Time for the validity checks of DANE-TA chains.</param>
    public static TlsaVerification Verify(IReadOnlyList<TlsaRecord> records, X509Certificate2 leaf,
        IReadOnlyCollection<X509Certificate2> presented, IReadOnlyList<string> referenceNames, DateTimeOffset now)
    {
        var usable = records.Where(IsUsable).ToList();
        if (usable.Count == 0)
            return new(false, "no usable TLSA record");

        // RFC 7672 §3.1.1: DANE-EE matches the leaf alone; its names and validity dates are not checked,
        // because the DNSSEC-signed record is the whole authentication.
        foreach (TlsaRecord record in usable.Where(r => r.Usage == DaneEe))
        {
            if (Matches(record, leaf))
                return new(true, $"certificate matches TLSA {Describe(record)} (DANE-EE)");
        }

        // RFC 7672 §3.1.2: DANE-TA — the server must send the trust anchor in its chain; the chain from the
        // leaf up to it must verify (signatures, validity), and the leaf must carry a reference name.
        var anchors = presented.Where(c => !c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)).ToList();
        string? taFailure = null;
        foreach (TlsaRecord record in usable.Where(r => r.Usage == DaneTa))
        {
            foreach (X509Certificate2 anchor in anchors.Where(a => Matches(record, a)))
            {
                string? chainFailure = ChainReaches(leaf, anchor, presented, now);
                if (chainFailure is not null)
                {
                    taFailure = $"chain to the TLSA {Describe(record)} trust anchor does not verify ({chainFailure})";
                    continue;
                }
                // RFC 7672 §3.2.2/§3.2.3: with DANE-TA the name must match (a wildcard only in the left-most label).
                if (!referenceNames.Any(name => leaf.MatchesHostname(name.TrimEnd('.'), allowWildcards: true, allowCommonName: true)))
                {
                    taFailure = $"certificate name matches none of {string.Join(", ", referenceNames)} (DANE-TA)";
                    continue;
                }
                return new(true, $"chain matches TLSA {Describe(record)} (DANE-TA)");
            }
        }
        return new(false, taFailure ?? "certificate does not match TLSA");
    }

    /// <summary>True when <paramref name="certificate"/> matches the record's selector and matching type.</summary>
    public static bool Matches(TlsaRecord record, X509Certificate2 certificate)
    {
        // RFC 6698 §2.1.2: selector 0 is the whole certificate (DER), 1 its SubjectPublicKeyInfo (DER).
        byte[] selected = record.Selector == 0 ? certificate.RawData : certificate.PublicKey.ExportSubjectPublicKeyInfo();
        // RFC 6698 §2.1.3: matching type 0 exact, 1 SHA-256, 2 SHA-512.
        byte[] data = record.MatchingType switch
        {
            0 => selected,
            1 => SHA256.HashData(selected),
            2 => SHA512.HashData(selected),
            _ => [],
        };
        return data.Length > 0 && CryptographicOperations.FixedTimeEquals(data, record.Data);
    }

    /// <summary>Null when a chain from <paramref name="leaf"/> through presented certificates reaches <paramref name="anchor"/> and verifies.</summary>
    private static string? ChainReaches(X509Certificate2 leaf, X509Certificate2 anchor, IReadOnlyCollection<X509Certificate2> presented, DateTimeOffset now)
    {
        // The anchor may be an intermediate, not self-signed: so the chain is built over the presented
        // certificates with no trusted roots at all, then the anchor is looked for on the built path, and only
        // the errors below it count (an untrusted or partial top is expected: the TLSA record is the trust).
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ExtraStore.AddRange(presented.ToArray());
        chain.Build(leaf);

        X509ChainElementCollection elements = chain.ChainElements;
        int top = -1;
        for (int i = 1; i < elements.Count; i++)
        {
            if (elements[i].Certificate.RawDataMemory.Span.SequenceEqual(anchor.RawDataMemory.Span))
            {
                top = i;
                break;
            }
        }
        if (top < 0)
            return "trust anchor not on the certificate path";
        const X509ChainStatusFlags Tolerated = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain
            | X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;
        for (int i = 0; i <= top; i++)
        {
            X509ChainStatusFlags bad = elements[i].ChainElementStatus.Aggregate(X509ChainStatusFlags.NoError, (f, s) => f | s.Status) & ~Tolerated;
            if (bad != X509ChainStatusFlags.NoError)
                return $"{elements[i].Certificate.Subject}: {bad}";
        }
        return null;
    }

    /// <summary>The record's parameters as in a zone file, e.g. "3 1 1".</summary>
    public static string Describe(TlsaRecord record) => $"{record.Usage} {record.Selector} {record.MatchingType}";
}
