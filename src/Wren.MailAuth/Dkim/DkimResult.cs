namespace Wren.MailAuth.Dkim;

/// <summary>The DKIM results of RFC 8601 §2.7.1, per signature.</summary>
public enum DkimVerdict
{
    /// <summary>The message was not signed.</summary>
    None,
    /// <summary>The signature verified.</summary>
    Pass,
    /// <summary>The signature did not verify (body hash, signature, or a key that does not fit).</summary>
    Fail,
    /// <summary>The signature verified but a local policy refuses it (for example l= covering too little, or a weak key).</summary>
    Policy,
    /// <summary>The signature could not be processed (syntax error in the DKIM-Signature field).</summary>
    Neutral,
    /// <summary>The key could not be fetched for a transient reason (DNS timeout, SERVFAIL).</summary>
    TempError,
    /// <summary>A permanent error: the key record is missing, malformed or revoked, the signature expired …</summary>
    PermError,
}

/// <summary>The outcome of verifying one DKIM-Signature field.</summary>
/// <param name="Verdict">The result.</param>
/// <param name="Domain">The signing domain (d=), or null when the field could not be read.</param>
/// <param name="Selector">The selector (s=), or null.</param>
/// <param name="Algorithm">The algorithm (a=), e.g. <c>rsa-sha256</c> or <c>ed25519-sha256</c>.</param>
/// <param name="Identity">The agent or user identifier (i=), when given.</param>
/// <param name="SignaturePrefix">The first characters of b= (RFC 6008 header.b), to tell signatures of one domain apart.</param>
/// <param name="Reason">Why it did not pass, in words (RFC 6376 §3.9 / §6.1 reasons); null on pass.</param>
public sealed record DkimResult(
    DkimVerdict Verdict, string? Domain, string? Selector, string? Algorithm,
    string? Identity = null, string? SignaturePrefix = null, string? Reason = null);
