using Microsoft.Extensions.Logging;
using Wren.Mail.Dns;

namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>
/// Decides, per destination, how strict TLS must be: DANE when the DNS proves TLSA records (RFC 7672), else
/// the domain's MTA-STS policy (RFC 8461), else opportunistic TLS (RFC 7435).
/// </summary>
public sealed class TlsPolicyResolver : IDisposable
{
    private readonly IDnsResolver _dns;
    private readonly TlsPolicyOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TlsPolicyResolver> _logger;
    private readonly MtaStsFetcher _fetcher;
    private readonly MtaStsPolicySource _mtaSts;

    /// <summary>Creates the resolver; all DNS goes through <paramref name="dns"/>.</summary>
    public TlsPolicyResolver(IDnsResolver dns, TlsPolicyOptions options, TimeProvider time, ILogger<TlsPolicyResolver> logger)
    {
        _dns = dns;
        _options = options;
        _time = time;
        _logger = logger;
        _fetcher = new MtaStsFetcher(dns, options, time);
        _mtaSts = new MtaStsPolicySource(dns, _fetcher, new MtaStsPolicyCache(options.CacheFolder), time);
    }

    /// <summary>The domain-wide part of the policy: its MTA-STS policy, fetched (or taken from the cache) once per call.</summary>
    public async Task<DomainTlsPolicy> ForDomainAsync(string domain, CancellationToken cancellationToken)
    {
        domain = domain.TrimEnd('.').ToLowerInvariant();
        if (!_options.EnableMtaSts)
            return new DomainTlsPolicy(domain, null, "MTA-STS disabled");
        MtaStsLookup lookup = await _mtaSts.GetAsync(domain, cancellationToken);
        _logger.LogDebug("TLS policy of {Domain}: {Description}", domain, lookup.Description);
        // RFC 8461 §5: mode "none" is a withdrawn policy; it is cached like any other but asks nothing.
        MtaStsPolicy? policy = lookup.Policy is { Mode: not MtaStsMode.None } p ? p : null;
        return new DomainTlsPolicy(domain, policy, lookup.Description);
    }

    /// <summary>The policy for one connection to <paramref name="mxHost"/>.</summary>
    /// <param name="domain">The result of <see cref="ForDomainAsync"/> for the recipient domain.</param>
    /// <param name="mxHost">The MX host name (from the MX record, or the domain itself for an implicit MX).</param>
    /// <param name="mxAuthenticated">True when the MX answer (and the host's address records) were DNSSEC-authenticated; DANE applies only then.</param>
    /// <param name="port">The SMTP port (25), for the TLSA name <c>_port._tcp.mxhost</c>.</param>
    /// <param name="cancellationToken">Cancels the TLSA lookup.</param>
    public async Task<HostTlsPolicy> ForHostAsync(DomainTlsPolicy domain, string mxHost, bool mxAuthenticated, int port, CancellationToken cancellationToken)
    {
        mxHost = mxHost.TrimEnd('.').ToLowerInvariant();
        string daneNote = "";
        // RFC 7672 §2.2.1: DANE needs a secure chain of DNS answers from the MX RRset on; with an insecure MX
        // answer an attacker could have picked the host, so its TLSA records prove nothing about the domain.
        if (_options.EnableDane && mxAuthenticated)
        {
            string name = $"_{port}._tcp.{mxHost}";
            DnsLookup<TlsaRecord> tlsa = await _dns.LookupTlsaAsync(name, cancellationToken);
            if (tlsa.Status == DnsStatus.TemporaryFailure)
            {
                // RFC 7672 §2.2.1: a failed TLSA lookup (SERVFAIL, which is also what a validating resolver
                // answers for bogus data) may hide a downgrade attack: this host is not used for now.
                var none = CertificateCheck.AcceptAny(mxHost);
                return new HostTlsPolicy(TlsRequirement.Dane, HostAllowed: false, Deferred: true, none.Validate,
                    $"TLS policy: TLSA lookup for {name} failed; {mxHost} deferred (DANE)") { Check = none };
            }
            if (tlsa.Status == DnsStatus.Success && tlsa.Records.Count > 0)
            {
                if (!tlsa.Authenticated)
                {
                    // RFC 7672 §2.2: insecure TLSA records are ignored, as if there were none.
                    daneNote = "; TLSA records not DNSSEC-authenticated, ignored";
                }
                else
                {
                    var usable = tlsa.Records.Where(TlsaVerifier.IsUsable).ToList();
                    if (usable.Count > 0)
                    {
                        // RFC 7672 §2.2: usable, authenticated TLSA records make TLS mandatory and authenticated by
                        // them; RFC 7672 §3.2.2: reference names are the TLSA base domain and the next-hop domain.
                        var dane = CertificateCheck.Dane(mxHost, [mxHost, domain.Domain], usable, _time, _logger);
                        return new HostTlsPolicy(TlsRequirement.Dane, HostAllowed: true, Deferred: false, dane.Validate,
                            $"TLS policy: DANE ({usable.Count} usable TLSA record{(usable.Count == 1 ? "" : "s")} at {name})") { Check = dane };
                    }
                    // RFC 7672 §2.2 and §3.1.3: only unusable records (e.g. PKIX-TA/PKIX-EE): DANE cannot
                    // authenticate, so the host is treated as one without TLSA records.
                    daneNote = "; only unusable TLSA records, DANE not applied";
                }
            }
        }

        if (domain.MtaSts is { } policy)
        {
            bool enforce = policy.Mode == MtaStsMode.Enforce;
            if (!policy.MatchesMx(mxHost))
            {
                if (enforce)
                {
                    // RFC 8461 §4.1, §4.2: in enforce mode a host matching no "mx" pattern is not delivered to.
                    var skip = CertificateCheck.AcceptAny(mxHost);
                    return new HostTlsPolicy(TlsRequirement.Verified, HostAllowed: false, Deferred: false, skip.Validate,
                        $"TLS policy: MTA-STS enforce, {mxHost} matches no mx of {domain.Domain}'s policy{daneNote}") { Check = skip };
                }
                _logger.LogWarning("MTA-STS testing: {Host} matches no mx of {Domain}'s policy", mxHost, domain.Domain);
            }
            var pkix = CertificateCheck.Pkix(mxHost, enforce, _options, _time, _logger);
            return enforce
                ? new HostTlsPolicy(TlsRequirement.Verified, true, false, pkix.Validate,
                    $"TLS policy: MTA-STS enforce (TLS with a certificate valid for {mxHost}){daneNote}") { Check = pkix }
                // RFC 8461 §5: testing mode delivers as without a policy; failures are only reported.
                : new HostTlsPolicy(TlsRequirement.Opportunistic, true, false, pkix.Validate,
                    $"TLS policy: MTA-STS testing (opportunistic, failures logged){daneNote}") { Check = pkix };
        }

        // RFC 7435: with no policy, unauthenticated encryption still beats plaintext, so any certificate is accepted.
        var any = CertificateCheck.AcceptAny(mxHost);
        return new HostTlsPolicy(TlsRequirement.Opportunistic, true, false, any.Validate,
            $"TLS policy: opportunistic{daneNote}") { Check = any };
    }

    /// <inheritdoc />
    public void Dispose() => _fetcher.Dispose();
}
