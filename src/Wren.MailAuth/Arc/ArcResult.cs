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
/// <param name="OldestPassingInstance">The oldest instance whose AMS still verifies (RFC 8617 §4.4 oldest-pass), or null.</param>
/// <param name="Reason">Why it failed, in words; null on pass or none.</param>
public sealed record ArcResult(ArcVerdict Verdict, int Instances, int? OldestPassingInstance = null, string? Reason = null)
{
    /// <summary>
    /// True when the chain failed only because a key could not be fetched for a transient reason (DNS SERVFAIL,
    /// timeout). RFC 8617 defines no "temperror" chain status, so <see cref="Verdict"/> is then
    /// <see cref="ArcVerdict.Fail"/> and <see cref="Reason"/> starts with <c>temperror</c>; a receiver may choose to
    /// defer the message (451) instead of treating the chain as broken.
    /// </summary>
    public bool TemporaryError { get; init; }
}
