namespace Wren.MailAuth.Dkim;

/// <summary>Limits and local policy of <see cref="DkimMessageVerifier"/>.</summary>
public sealed record DkimVerifierOptions
{
    /// <summary>
    /// At most this many DKIM-Signature fields are verified per message (RFC 6376 §6.1 lets verifiers limit
    /// the work); the others are reported <see cref="DkimVerdict.Neutral"/>, unverified. Default 5.
    /// </summary>
    public int MaxSignatures { get; init; } = 5;

    /// <summary>
    /// RSA keys shorter than this give <see cref="DkimVerdict.Policy"/> even when the signature verifies
    /// (RFC 8301 §3.2: verifiers MUST NOT accept keys under 1024 bits). Default 1024.
    /// </summary>
    public int MinimumRsaKeyBits { get; init; } = 1024;

    /// <summary>Longer RSA keys are refused unread (<see cref="DkimVerdict.PermError"/>). Default 8192.</summary>
    public int MaximumRsaKeyBits { get; init; } = DnsDkimPublicKeyLocator.DefaultMaximumRsaKeyBits;

    /// <summary>
    /// When false (the default), a signature whose l= covers less than the whole body is
    /// <see cref="DkimVerdict.Policy"/>: the unsigned rest could be anything (RFC 6376 §8.2).
    /// </summary>
    public bool AcceptPartialBody { get; init; }
}
