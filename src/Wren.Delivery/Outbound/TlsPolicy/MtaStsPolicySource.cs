using System.Collections.Concurrent;
using Wren.Mail.Dns;

namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>The MTA-STS policy in force for a domain, and how it was found (for logs).</summary>
/// <param name="Policy">The policy, or null when none applies.</param>
/// <param name="Description">How the policy was found, or why there is none.</param>
public sealed record MtaStsLookup(MtaStsPolicy? Policy, string Description);

/// <summary>
/// Finds the MTA-STS policy in force for a domain: the TXT record, then the cache, then a fetch when the id
/// changed or the cached policy expired (RFC 8461 §3, §5.1). Concurrent lookups of one domain share one fetch.
/// </summary>
public sealed class MtaStsPolicySource
{
    private readonly IDnsResolver _dns;
    private readonly MtaStsFetcher _fetcher;
    private readonly MtaStsPolicyCache _cache;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the source over a resolver, a fetcher and a cache.</summary>
    public MtaStsPolicySource(IDnsResolver dns, MtaStsFetcher fetcher, MtaStsPolicyCache cache, TimeProvider time)
    {
        _dns = dns;
        _fetcher = fetcher;
        _cache = cache;
        _time = time;
    }

    /// <summary>The policy in force for <paramref name="domain"/> now; never throws for a DNS or HTTP outcome.</summary>
    public async Task<MtaStsLookup> GetAsync(string domain, CancellationToken cancellationToken)
    {
        domain = domain.TrimEnd('.').ToLowerInvariant();
        SemaphoreSlim gate = _locks.GetOrAdd(domain, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await LookUpAsync(domain, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<MtaStsLookup> LookUpAsync(string domain, CancellationToken cancellationToken)
    {
        DnsLookup<string> txt = await _dns.LookupTxtAsync("_mta-sts." + domain, cancellationToken);
        MtaStsCacheEntry? cached = await _cache.GetAsync(domain, cancellationToken);
        // RFC 8461 §5.1: a cached policy is used until max_age has passed, never after.
        MtaStsCacheEntry? fresh = cached is not null && cached.IsFresh(_time.GetUtcNow()) ? cached : null;

        MtaStsRecord? record = txt.Status == DnsStatus.Success ? MtaStsRecord.Select(txt.Records) : null;
        if (record is null)
        {
            // RFC 8461 §3.1, §5.1: without a (single, valid) TXT record a sender keeps a still-valid cached
            // policy — removing the record must not strip the policy before it expires.
            string why = txt.Status == DnsStatus.TemporaryFailure ? "TXT lookup failed" : "no valid _mta-sts TXT record";
            return fresh is not null
                ? new(fresh.Policy, $"MTA-STS: cached policy id {fresh.Id} ({why})")
                : new(null, $"no MTA-STS policy ({why})");
        }
        if (fresh is not null && fresh.Id == record.Id)
            return new(fresh.Policy, $"MTA-STS: cached policy id {fresh.Id}");

        // RFC 8461 §5.1: a new id (or an expired or missing policy) means fetching the policy again.
        MtaStsFetchResult fetched = await _fetcher.FetchAsync(domain, cancellationToken);
        if (fetched.Policy is not null)
        {
            await _cache.PutAsync(domain, new MtaStsCacheEntry(record.Id, fetched.Policy, _time.GetUtcNow()), cancellationToken);
            return new(fetched.Policy, $"MTA-STS: policy id {record.Id} fetched");
        }
        // RFC 8461 §3.3/§5.1: when the fetch fails, a still-valid cached policy stays in force; without one
        // the domain is treated as having no policy.
        return fresh is not null
            ? new(fresh.Policy, $"MTA-STS: cached policy id {fresh.Id} (fetch of id {record.Id} failed: {fetched.Error})")
            : new(null, $"no MTA-STS policy (fetch failed: {fetched.Error})");
    }
}
