namespace Wren.MailAuth.Arc;

/// <summary>ARC chain validation results (RFC 8617 §4.4, the cv= values).</summary>
public enum ArcVerdict
{
    /// <summary>No ARC sets in the message.</summary>
    None,
    /// <summary>Every set is present and valid.</summary>
    Pass,
    /// <summary>The chain is broken, malformed or does not verify.</summary>
    Fail,
}

/// <summary>The outcome of validating a message's ARC chain.</summary>
/// <param name="Verdict">The chain validation status.</param>
/// <param name="Instances">How many ARC sets the message carries (the highest i=).</param>
/// <param name="OldestPassingInstance">
/// RFC 8617 §5.2 step 5 oldest-pass, computed when the chain passes: 0 when every ARC-Message-Signature still
/// verifies, otherwise the lowest instance M+1 above the newest AMS M that no longer does; null when not computed.
/// </param>
/// <param name="Reason">Why it failed, in words; null on pass or none.</param>
public sealed record ArcResult(ArcVerdict Verdict, int Instances, int? OldestPassingInstance = null, string? Reason = null)
{
    /// <summary>
    /// True when the chain failed and a key could not be fetched for a transient reason (DNS SERVFAIL, timeout).
    /// RFC 8617 §5.2.1 makes every validation error, DNS failures included, a permanent "fail", so
    /// <see cref="Verdict"/> stays <see cref="ArcVerdict.Fail"/> and <see cref="Reason"/> starts with
    /// <c>temperror</c>; the flag lets a receiver's local policy defer (451) rather than act on a chain that only
    /// could not be checked.
    /// </summary>
    public bool TemporaryError { get; init; }
}
