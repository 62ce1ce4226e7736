namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>A policy remembered for a domain, with the TXT id it was fetched under (RFC 8461 §5.1).</summary>
/// <param name="Id">The <c>id</c> of the TXT record when the policy was fetched.</param>
/// <param name="Policy">The policy.</param>
/// <param name="FetchedAt">When it was fetched; it expires <see cref="MtaStsPolicy.MaxAge"/> later.</param>
public sealed record MtaStsCacheEntry(string Id, MtaStsPolicy Policy, DateTimeOffset FetchedAt)
{
    /// <summary>The instant after which the policy must no longer be used (RFC 8461 §3.2 max_age).</summary>
    public DateTimeOffset Expires => FetchedAt + Policy.MaxAge;

    /// <summary>True while the policy may be used at <paramref name="now"/>.</summary>
    public bool IsFresh(DateTimeOffset now) => now < Expires;
}
