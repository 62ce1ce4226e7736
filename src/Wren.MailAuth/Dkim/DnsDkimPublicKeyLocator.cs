using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Wren.Mail.Dns;

namespace Wren.MailAuth.Dkim;

/// <summary>
/// Finds DKIM keys in DNS: the TXT record at <c>selector._domainkey.domain</c> (RFC 6376 §3.6.2.1), through
/// <see cref="IDnsResolver"/>. <see cref="LookupAsync"/> tells the RFC's failures apart; as a MimeKit
/// <see cref="IDkimPublicKeyLocator"/> (for MimeKit's own verifiers, e.g. ARC) a failure is a
/// <see cref="DkimKeyException"/> carrying the same verdict and reason.
/// </summary>
public sealed class DnsDkimPublicKeyLocator : DkimPublicKeyLocatorBase
{
    /// <summary>RSA keys longer than this are refused unread: verifying with them costs too much (8192 bits).</summary>
    public const int DefaultMaximumRsaKeyBits = 8192;

    private readonly IDnsResolver _resolver;
    private readonly int _maximumRsaKeyBits;

    /// <summary>A locator asking <paramref name="resolver"/>.</summary>
    /// <param name="resolver">The DNS resolver.</param>
    /// <param name="maximumRsaKeyBits">Longer RSA keys are refused (<see cref="DkimVerdict.PermError"/>).</param>
    public DnsDkimPublicKeyLocator(IDnsResolver resolver, int maximumRsaKeyBits = DefaultMaximumRsaKeyBits)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumRsaKeyBits, 1024);
        _resolver = resolver;
        _maximumRsaKeyBits = maximumRsaKeyBits;
    }

    /// <summary>The DNS name of a key: <c>selector._domainkey.domain</c> (RFC 6376 §3.6.2.1).</summary>
    public static string RecordName(string domain, string selector) => $"{selector}._domainkey.{domain}";

    /// <summary>
    /// Fetches and reads the key of <paramref name="selector"/> in <paramref name="domain"/>. Never throws for a DNS
    /// outcome: NXDOMAIN or no TXT record is PermError "no key for signature", a DNS failure TempError "key
    /// unavailable" (RFC 6376 §6.1.2), a record that is not a key PermError with the reason from
    /// <see cref="DkimPublicKey.Parse"/>.
    /// </summary>
    public async Task<DkimKeyLookup> LookupAsync(string domain, string selector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(selector);
        string name = RecordName(domain, selector);
        DnsLookup<string> answer = await _resolver.LookupTxtAsync(name, cancellationToken).ConfigureAwait(false);
        switch (answer.Status)
        {
            case DnsStatus.TemporaryFailure:
                return DkimKeyLookup.Failed(DkimVerdict.TempError, $"key unavailable: DNS lookup of {name} failed");
            case DnsStatus.NameNotFound:
                return DkimKeyLookup.Failed(DkimVerdict.PermError, $"no key for signature: {name} does not exist");
        }
        if (answer.Records.Count == 0)
            return DkimKeyLookup.Failed(DkimVerdict.PermError, $"no key for signature: {name} has no TXT record");
        // RFC 6376 §3.6.2.2: several records are ambiguous; the first that reads as a key is used.
        DkimKeyLookup? first = null;
        foreach (string record in answer.Records)
        {
            DkimKeyLookup lookup = DkimPublicKey.Parse(record, _maximumRsaKeyBits);
            if (lookup.Key is not null)
                return lookup;
            first ??= lookup;
        }
        return first!;
    }

    /// <summary>Not supported: DNS is asynchronous here; use <see cref="LocatePublicKeyAsync"/>.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("DnsDkimPublicKeyLocator is asynchronous: use LocatePublicKeyAsync (MimeKit's VerifyAsync).");

    /// <summary>The key for MimeKit's verifiers.</summary>
    /// <exception cref="DkimKeyException">No usable key: its <see cref="DkimKeyException.Verdict"/> and message say why.</exception>
    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
    {
        DkimKeyLookup lookup = await LookupAsync(domain, selector, cancellationToken).ConfigureAwait(false);
        return lookup.Key?.Key ?? throw new DkimKeyException(lookup.Verdict, lookup.Reason!);
    }
}
