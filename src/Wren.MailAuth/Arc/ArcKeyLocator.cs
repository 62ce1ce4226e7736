using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Wren.Mail.Dns;

namespace Wren.MailAuth.Arc;

/// <summary>
/// Fetches ARC signing keys from <c>selector._domainkey.domain</c> TXT records (RFC 8617 §4.1.2 reuses RFC 6376
/// §3.6.2) through <see cref="IDnsResolver"/>. One instance serves one chain validation: it caches keys, and
/// remembers whether a lookup failed temporarily so the verifier can report <c>temperror</c>. Any failure throws,
/// which MimeKit's verifier turns into a failing signature.
/// </summary>
internal sealed class ArcKeyLocator(IDnsResolver dns) : DkimPublicKeyLocatorBase
{
    private readonly Dictionary<string, AsymmetricKeyParameter> _keys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True once a key lookup ended with <see cref="DnsStatus.TemporaryFailure"/>.</summary>
    public bool SawTemporaryFailure { get; private set; }

    /// <inheritdoc />
    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector,
        CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("ARC keys are located asynchronously only.");

    /// <inheritdoc />
    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector,
        CancellationToken cancellationToken = default)
    {
        // RFC 6376 §3.6.2.1: the only query method is dns/txt.
        if (methods is not null && !methods.Split(':').Any(m => m.Trim().Equals("dns/txt", StringComparison.OrdinalIgnoreCase)))
            throw new ArcKeyException($"unsupported key query method q={methods}", temporary: false);
        string name = selector + "._domainkey." + domain;
        if (_keys.TryGetValue(name, out AsymmetricKeyParameter? cached))
            return cached;
        DnsLookup<string> answer = await dns.LookupTxtAsync(name, cancellationToken).ConfigureAwait(false);
        if (answer.Status == DnsStatus.TemporaryFailure)
        {
            SawTemporaryFailure = true;
            throw new ArcKeyException($"temporary DNS failure for {name}", temporary: true);
        }
        // RFC 6376 §3.6.2.2: use the first record that holds a usable key.
        foreach (string txt in answer.Records)
        {
            try
            {
                AsymmetricKeyParameter key = GetPublicKey(txt);
                _keys[name] = key;
                return key;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // not a key record (or a revoked/malformed one): try the next
            }
        }
        throw new ArcKeyException($"no usable key at {name}", temporary: false);
    }
}
