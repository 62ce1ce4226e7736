using Org.BouncyCastle.Crypto.Parameters;
using Wren.Mail.Dns;
using Wren.MailAuth.Dkim;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>
/// DKIM: for each key Wren holds for the domain, the TXT record at <c>selector._domainkey.DOMAIN</c> (RFC 6376
/// §3.6.2.1) carries the same public key: k= and p= are compared as keys, not as text, so spacing, tag order
/// and extra tags do not matter. A key that signs now must be published (FAIL otherwise); one that does not sign
/// (waiting to take over, or retired) gives a WARN.
/// </summary>
public static class DkimCheck
{
    /// <summary>The check's id.</summary>
    public const string Id = "dkim";

    /// <summary>The selector suggested when the domain has no key.</summary>
    public const string SuggestedSelector = "s1";

    // The domain's keys by selector, each with whether it signs now (DkimMessageSigner's rule).
    private static async Task<IReadOnlyList<(DkimKey Key, bool Signs)>> LoadKeysAsync(DnsCheckContext context, CancellationToken cancellationToken)
    {
        var store = new DkimKeyStore(context.Options.DataDirectory);
        IReadOnlyList<DkimKey> keys = await store.ListAsync(context.Domain, cancellationToken);
        var active = (await new DkimMessageSigner(store).ActiveKeysAsync(context.Domain, cancellationToken)).Select(k => k.Path).ToHashSet();
        return [.. keys.OrderBy(k => k.Selector, StringComparer.Ordinal).ThenBy(k => k.Algorithm).Select(k => (k, active.Contains(k.Path)))];
    }

    /// <summary>Runs the check for every key of the domain; one FAIL when it has none or the key store cannot be read.</summary>
    public static async Task<IReadOnlyList<DnsCheckResult>> RunAsync(DnsCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string domain = context.Domain;
        IReadOnlyList<(DkimKey Key, bool Signs)> keys;
        try
        {
            keys = await LoadKeysAsync(context, cancellationToken);
        }
        catch (Exception e) when (e is DkimKeyStoreException or IOException or UnauthorizedAccessException)
        {
            return [new DnsCheckResult(Id, domain, DnsCheckStatus.Fail, $"the DKIM keys cannot be read: {e.Message}", [],
                "a readable key in the data folder's dkim folder", [], [])];
        }
        if (keys.Count == 0)
        {
            return [new DnsCheckResult(Id, DnsDkimPublicKeyLocator.RecordName(domain, SuggestedSelector), DnsCheckStatus.Fail,
                $"Wren has no DKIM key for {domain} in {context.Options.DataDirectory}, so its mail is not signed", [],
                "a signing key in the data folder and its TXT record published",
                [], [$"run: wren dkim generate {domain} --selector {SuggestedSelector}   (it prints the record to publish)"])];
        }
        return await Task.WhenAll(keys.Select(key => CheckKeyAsync(context, key, cancellationToken)));
    }

    private static async Task<DnsCheckResult> CheckKeyAsync(DnsCheckContext context, (DkimKey Key, bool Signs) input, CancellationToken cancellationToken)
    {
        DkimKey key = input.Key;
        DkimDnsRecord record = key.DnsRecord;
        string name = record.Name;
        string bits = key.Algorithm == DkimKeyAlgorithm.Rsa ? $"rsa-{key.KeyBits}" : "ed25519";
        string what = $"Wren's {bits} key, which {(input.Signs ? "signs now" : "does not sign now")}";
        string expected = $"a v=DKIM1 TXT record with k={key.Algorithm.Name()} and the p= of {what}";
        DnsLookup<string> txt = await context.Dns.LookupTxtAsync(name, cancellationToken);
        if (txt.Status == DnsStatus.TemporaryFailure)
            return DnsCheckResult.DnsError(Id, name, expected, $"{name} (TXT)");
        IReadOnlyList<string> published = txt.Records;
        // A key that does not sign is not yet (or no longer) needed by verifiers: a problem with it is a warning.
        DnsCheckStatus bad = input.Signs ? DnsCheckStatus.Fail : DnsCheckStatus.Warn;
        string publish = ZoneFile.Txt(name, record.Text);
        if (published.Count == 0)
        {
            string missing = txt.Status == DnsStatus.NameNotFound ? $"{name} does not exist" : $"{name} has no TXT record";
            return new DnsCheckResult(Id, name, bad, $"{missing} ({what})", published, expected, [publish], []);
        }

        var problems = new List<string>();
        int matching = 0;
        foreach (string text in published)
        {
            DkimKeyLookup parsed = DkimPublicKey.Parse(text);
            if (parsed.Key is null)
                problems.Add(parsed.Reason ?? "not a DKIM key record");
            else if (!string.Equals(parsed.Key.KeyType, key.Algorithm.Name(), StringComparison.Ordinal))
                problems.Add($"k={parsed.Key.KeyType}, but Wren's key is {key.Algorithm.Name()}");
            else if (!SameKey(parsed.Key, key))
                problems.Add("p= is a different key than Wren's");
            else
                matching++;
        }
        if (matching == 0)
            return new DnsCheckResult(Id, name, bad, $"{string.Join("; ", problems.Distinct())} ({what})", published, expected, [publish], []);
        // RFC 6376 §3.6.2.2: several records at one name are ambiguous; a verifier may use any of them.
        if (published.Count > 1)
        {
            return new DnsCheckResult(Id, name, DnsCheckStatus.Warn,
                $"one of {published.Count} TXT records is Wren's key, but verifiers may pick another (RFC 6376 §3.6.2.2); keep only",
                published, expected, [publish], []);
        }
        return new DnsCheckResult(Id, name, DnsCheckStatus.Ok, $"the published key is {what}", published, expected, [], []);
    }

    // Public keys compared as numbers (RSA modulus and exponent) or bytes (Ed25519, RFC 8463 §4.2), so that a
    // record publishing the RSAPublicKey instead of the SubjectPublicKeyInfo still matches.
    private static bool SameKey(DkimPublicKey published, DkimKey key) => (published.Key, key.PrivateKey) switch
    {
        (RsaKeyParameters p, RsaPrivateCrtKeyParameters k) => p.Modulus.Equals(k.Modulus) && p.Exponent.Equals(k.PublicExponent),
        (Ed25519PublicKeyParameters p, Ed25519PrivateKeyParameters k) => p.GetEncoded().AsSpan().SequenceEqual(k.GeneratePublicKey().GetEncoded()),
        _ => false,
    };
}
