using MimeKit;
using MimeKit.Cryptography;
using Wren.Mail.Dns;

namespace Wren.MailAuth.Arc;

/// <summary>
/// Validates a message's Authenticated Received Chain (RFC 8617 §5.2) and computes its chain validation status
/// (cv= none, pass or fail). Keys come from DNS through <see cref="IDnsResolver"/>; signatures are checked with
/// MimeKit's <see cref="ArcVerifier"/>. Never throws for message content or DNS outcomes.
/// </summary>
/// <remarks>
/// A key lookup that fails temporarily makes the chain <see cref="ArcVerdict.Fail"/>, as RFC 8617 §5.2.1 wants
/// ("all failures are permanent"), with <see cref="ArcResult.TemporaryError"/> set and a reason starting with
/// <c>temperror</c>, so local policy may still defer the message rather than act on a chain it could not check.
/// </remarks>
public sealed class ArcChainVerifier
{
    private readonly IDnsResolver _dns;

    /// <summary>Creates a verifier that fetches keys through <paramref name="dns"/>.</summary>
    public ArcChainVerifier(IDnsResolver dns)
    {
        ArgumentNullException.ThrowIfNull(dns);
        _dns = dns;
    }

    /// <summary>
    /// Computes <paramref name="message"/>'s chain validation status and, when it passes, the oldest instance whose
    /// ARC-Message-Signature still verifies (RFC 8617 §5.2 step 5).
    /// </summary>
    /// <param name="message">The message as received, ARC fields included.</param>
    /// <param name="cancellationToken">Cancels the DNS lookups.</param>
    /// <returns>The verdict; never null.</returns>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is canceled.</exception>
    public async Task<ArcResult> VerifyAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        // RFC 8617 §5.2 step 1: collect the sets; none means cv=none. Step 3: each set complete, instances 1..N.
        if (!ArcChain.TryCollect(message.Headers, out ArcChain? chain, out string? error, out int highest))
            return new ArcResult(ArcVerdict.Fail, highest, Reason: error);
        if (chain!.Count == 0)
            return new ArcResult(ArcVerdict.None, 0);
        int n = chain.Count;

        // RFC 8617 §5.2 step 2: a chain whose newest seal already says cv=fail has failed.
        if (chain.Sets[n - 1].ChainValidation == "fail")
            return new ArcResult(ArcVerdict.Fail, n, Reason: $"ARC-Seal i={n} records cv=fail");
        // RFC 8617 §5.2 step 3.3: cv=none at i=1, cv=pass at every later instance.
        foreach (ArcSet set in chain.Sets)
        {
            string expected = set.Instance == 1 ? "none" : "pass";
            if (set.ChainValidation != expected)
                return new ArcResult(ArcVerdict.Fail, n, Reason: $"ARC-Seal i={set.Instance} has cv={set.ChainValidation}, expected cv={expected}");
        }

        // RFC 8617 §5.2 steps 4 and 6: the newest AMS and every AS must verify.
        var locator = new ArcKeyLocator(_dns);
        ArcValidationResult validation = await VerifySignaturesAsync(message, locator, cancellationToken).ConfigureAwait(false);
        if (validation.Chain != ArcSignatureValidationResult.Pass)
        {
            string reason = DescribeFailure(validation, n);
            return locator.SawTemporaryFailure
                ? new ArcResult(ArcVerdict.Fail, n, Reason: "temperror: a key lookup failed temporarily; " + reason) { TemporaryError = true }
                : new ArcResult(ArcVerdict.Fail, n, Reason: reason);
        }

        int oldestPass = await OldestPassAsync(message, chain, locator, cancellationToken).ConfigureAwait(false);
        return new ArcResult(ArcVerdict.Pass, n, oldestPass);
    }

    private static async Task<ArcValidationResult> VerifySignaturesAsync(MimeMessage message, ArcKeyLocator locator,
        CancellationToken cancellationToken)
    {
        var verifier = new ArcVerifier(locator);
        ArcValidationResult result;
        try
        {
            result = await verifier.VerifyAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Malformed content MimeKit could not process: a broken chain, never an exception for the caller.
            result = new ArcValidationResult(ArcSignatureValidationResult.Fail, null!, null!);
        }
        // MimeKit maps every exception of a signature check to a failure, cancellation included.
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    /// <summary>
    /// RFC 8617 §5.2 step 5 (optional): walks AMS N-1 down to 1; the first one that fails, M, makes oldest-pass
    /// M+1; 0 when all verify. Each older AMS is checked by validating the message as it was when that instance
    /// sealed it: the newer ARC sets removed.
    /// </summary>
    private static async Task<int> OldestPassAsync(MimeMessage message, ArcChain chain, ArcKeyLocator locator,
        CancellationToken cancellationToken)
    {
        for (int m = chain.Count - 1; m >= 1; m--)
        {
            MimeMessage earlier = WithoutSetsAbove(message, chain, m);
            ArcValidationResult result = await VerifySignaturesAsync(earlier, locator, cancellationToken).ConfigureAwait(false);
            if (result.MessageSignature?.Signature != ArcSignatureValidationResult.Pass)
                return m + 1;
        }
        return 0;
    }

    private static MimeMessage WithoutSetsAbove(MimeMessage message, ArcChain chain, int instance)
    {
        var newer = new HashSet<Header>(ReferenceEqualityComparer.Instance);
        foreach (ArcSet set in chain.Sets.Where(s => s.Instance > instance))
        {
            newer.Add(set.AuthenticationResults);
            newer.Add(set.MessageSignature);
            newer.Add(set.Seal);
        }
        var copy = new MimeMessage((IEnumerable<Header>)message.Headers.Where(h => !newer.Contains(h)).Select(h => h.Clone()).ToList())
        {
            Body = message.Body,
        };
        return copy;
    }

    private static string DescribeFailure(ArcValidationResult validation, int n)
    {
        if (validation.MessageSignature is { Signature: not ArcSignatureValidationResult.Pass })
            return $"ARC-Message-Signature i={n} does not verify";
        if (validation.Seals is { } seals)
        {
            for (int i = seals.Length - 1; i >= 0; i--)
                if (seals[i] is { Signature: not ArcSignatureValidationResult.Pass })
                    return $"ARC-Seal i={i + 1} does not verify";
        }
        return validation.ChainErrors != ArcValidationErrors.None ? $"ARC chain invalid ({validation.ChainErrors})" : "ARC chain does not verify";
    }
}
