using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Wren.Mail.Dns;

namespace Wren.MailAuth.Dkim;

/// <summary>
/// Verifies every DKIM-Signature field of a message (RFC 6376 §6.1, RFC 8463 ed25519-sha256), each to a
/// <see cref="DkimResult"/> with the RFC's reason. Canonicalization and hashing are MimeKit's; the tag rules,
/// key rules, limits and verdicts are here.
/// </summary>
/// <remarks>
/// An unsigned message gives an empty list (write <c>dkim=none</c> for it). Results are in the order the fields
/// appear; fields beyond <see cref="DkimVerifierOptions.MaxSignatures"/> are listed as
/// <see cref="DkimVerdict.Neutral"/> without being verified. Verdicts: an unreadable field (syntax, missing
/// required tag, v= not 1) is Neutral; a rule broken (From unsigned, i= outside d=, expired, unknown algorithm,
/// rsa-sha1, key missing/revoked/malformed/unsuitable) is PermError; a DNS failure is TempError; a body hash or
/// signature that does not match is Fail; a match with a weak RSA key or an l= shorter than the body is Policy.
/// </remarks>
public sealed class DkimMessageVerifier
{
    private readonly DnsDkimPublicKeyLocator _locator;
    private readonly TimeProvider _time;
    private readonly DkimVerifierOptions _options;
    private readonly DkimCryptoCheck _crypto;

    /// <summary>A verifier fetching keys through <paramref name="resolver"/>.</summary>
    /// <param name="resolver">DNS, for the key records.</param>
    /// <param name="timeProvider">The clock x= is compared with (default: the system clock).</param>
    /// <param name="options">Limits and policy (default: <see cref="DkimVerifierOptions"/>'s defaults).</param>
    public DkimMessageVerifier(IDnsResolver resolver, TimeProvider? timeProvider = null, DkimVerifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _options = options ?? new DkimVerifierOptions();
        _time = timeProvider ?? TimeProvider.System;
        _locator = new DnsDkimPublicKeyLocator(resolver, _options.MaximumRsaKeyBits);
        _crypto = new DkimCryptoCheck(_locator);
    }

    /// <summary>
    /// Verifies each DKIM-Signature field of <paramref name="message"/>. Never throws for what the message or
    /// DNS contain; only cancellation ends it early.
    /// </summary>
    /// <returns>One result per DKIM-Signature field, in order; empty when the message is unsigned.</returns>
    public async Task<IReadOnlyList<DkimResult>> VerifyAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var results = new List<DkimResult>();
        var keys = new Dictionary<(string, string), DkimKeyLookup>();
        foreach (Header field in message.Headers.Where(h => h.Id == HeaderId.DkimSignature).ToList())
        {
            if (results.Count >= _options.MaxSignatures)
            {
                results.Add(Describe(field) with
                {
                    Verdict = DkimVerdict.Neutral,
                    Reason = $"not verified: more than {_options.MaxSignatures} signatures",
                });
                continue;
            }
            results.Add(await VerifyFieldAsync(message, field, keys, cancellationToken).ConfigureAwait(false));
        }
        return results;
    }

    private static DkimResult Describe(Header field)
    {
        DkimSignatureFields.TryParse(FieldValue(field), out _, out DkimResult partial, out _);
        return partial;
    }

    // The raw bytes, folding included: the tag-list syntax allows FWS (RFC 6376 §3.2). Latin-1 never fails;
    // anything outside ASCII is then refused by the tag syntax.
    private static string FieldValue(Header field) => Encoding.Latin1.GetString(field.RawValue);

    private async Task<DkimResult> VerifyFieldAsync(MimeMessage message, Header field,
        Dictionary<(string, string), DkimKeyLookup> keys, CancellationToken cancellationToken)
    {
        if (!DkimSignatureFields.TryParse(FieldValue(field), out DkimSignatureFields? signature, out DkimResult result, out DkimResult? failure))
            return failure!;
        DkimResult Outcome(DkimVerdict verdict, string? reason) => result with { Verdict = verdict, Reason = reason };

        // RFC 8301 §3.1: verifiers MUST NOT consider rsa-sha1 signatures valid.
        if (signature!.Algorithm == DkimSignatureAlgorithm.RsaSha1)
            return Outcome(DkimVerdict.PermError, "rsa-sha1 is not accepted (RFC 8301)");
        // RFC 6376 §6.1.1: a signature whose x= has passed is PERMFAIL (signature expired).
        long now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (signature.Expiration is { } expiration && expiration < now)
            return Outcome(DkimVerdict.PermError, $"signature expired (x={expiration})");

        if (!keys.TryGetValue((signature.Domain, signature.Selector), out DkimKeyLookup? lookup))
        {
            lookup = await _locator.LookupAsync(signature.Domain, signature.Selector, cancellationToken).ConfigureAwait(false);
            keys[(signature.Domain, signature.Selector)] = lookup;
        }
        if (lookup.Key is not { } key)
            return Outcome(lookup.Verdict, lookup.Reason);
        if (KeyRefusal(signature, key) is { } refusal)
            return Outcome(DkimVerdict.PermError, refusal);

        FormatOptions format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos; // RFC 6376 §3.4: canonical lines end in CRLF
        try
        {
            if (!_crypto.BodyHashMatches(format, message, signature))
                return Outcome(DkimVerdict.Fail, "body hash did not verify"); // RFC 6376 §6.1.3
            if (!_crypto.SignatureMatches(format, message, field, signature, key.Key))
                return Outcome(DkimVerdict.Fail, "signature did not verify"); // RFC 6376 §6.1.3
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Bad signature bytes (wrong length, not a valid encoding) make the crypto library throw: a mismatch.
            return Outcome(DkimVerdict.Fail, "signature did not verify: " + e.Message);
        }

        if (key.Key is RsaKeyParameters && key.KeyBits < _options.MinimumRsaKeyBits)
            return Outcome(DkimVerdict.Policy, $"RSA key of {key.KeyBits} bits is shorter than {_options.MinimumRsaKeyBits} (RFC 8301 §3.2)");
        if (signature.BodyLength is { } signedLength && !_options.AcceptPartialBody)
        {
            long bodyLength = CanonicalBodyLength(format, message, signature.BodyCanonicalization);
            // RFC 6376 §8.2: content appended after l= is unsigned; accepting it is local policy.
            if (signedLength < bodyLength)
                return Outcome(DkimVerdict.Policy, $"l={signedLength} signs only part of the {bodyLength}-byte body");
        }
        return Outcome(DkimVerdict.Pass, null);
    }

    // The checks of a key against the signature that uses it (RFC 6376 §3.6.1, §6.1.2).
    private static string? KeyRefusal(DkimSignatureFields signature, DkimPublicKey key)
    {
        string expectedType = signature.Algorithm == DkimSignatureAlgorithm.Ed25519Sha256 ? "ed25519" : "rsa";
        if (key.KeyType != expectedType)
            return $"inappropriate key algorithm: a={signature.AlgorithmName} with a k={key.KeyType} key";
        if (key.HashAlgorithms is { } hashes && !hashes.Contains("sha256"))
            return "inappropriate hash algorithm: the key's h= does not allow sha256";
        if (!key.ServiceTypes.Contains("*") && !key.ServiceTypes.Contains("email"))
            return "inappropriate service type: the key's s= excludes email";
        if (key.StrictIdentity && signature.IdentityDomain != signature.Domain)
            return $"domain mismatch: the key has t=s and i= is in a subdomain of d={signature.Domain}";
        return null;
    }

    private static long CanonicalBodyLength(FormatOptions format, MimeMessage message, DkimCanonicalizationAlgorithm canonicalization)
    {
        using var counter = new DkimCanonicalBodyLength(canonicalization);
        message.Body?.WriteTo(format, counter, contentOnly: true);
        return counter.CanonicalLength;
    }
}
