using System.Net;
using System.Net.Sockets;
using Wren.Mail.Dns;

namespace Wren.MailAuth.Spf;

/// <summary>
/// One run of check_host() (RFC 7208 §4) with its includes and redirects: the state the limits of §4.6.4 count
/// across all of them. Not thread-safe; one instance per check.
/// </summary>
internal sealed class SpfEvaluation
{
    private readonly IDnsResolver _dns;
    private readonly SpfOptions _options;
    private readonly SpfMacroContext _context;
    private readonly IPAddress _client;
    private readonly CancellationToken _cancellationToken;
    private int _lookups;
    private int _voidLookups;

    /// <summary>Prepares a check of <paramref name="client"/> for the sender of <paramref name="context"/>.</summary>
    public SpfEvaluation(IDnsResolver dns, SpfOptions options, SpfMacroContext context, CancellationToken cancellationToken)
    {
        _dns = dns;
        _options = options;
        _context = context;
        _client = context.Client;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// check_host(&lt;ip&gt;, <paramref name="domain"/>, &lt;sender&gt;) (RFC 7208 §4). temperror and permerror come
    /// as <see cref="SpfAbortException"/>, because they end every enclosing level too.
    /// </summary>
    /// <param name="domain">The domain whose record to evaluate.</param>
    /// <param name="explain">Whether a fail should look up its exp= explanation (not inside include, §6.2).</param>
    public async Task<SpfOutcome> CheckHostAsync(string domain, bool explain)
    {
        // RFC 7208 §4.3: a malformed or single-label <domain> gives "none" without any lookup.
        if (!SpfDomainName.TryNormalizeCheckable(domain, out string? name))
            return new SpfOutcome(SpfVerdict.None, Problem: $"'{domain}' is not a checkable domain name (RFC 7208 §4.3)");
        // RFC 7208 §4.4: only TXT records are looked up (the SPF RR type is not, §3.1).
        DnsLookup<string> txt = await QueryAsync(ct => _dns.LookupTxtAsync(name, ct)).ConfigureAwait(false);
        switch (txt.Status)
        {
            case DnsStatus.TemporaryFailure:
                throw new SpfAbortException(SpfVerdict.TempError, $"DNS failure looking up the TXT records of {name} (RFC 7208 §4.4)");
            case DnsStatus.NameNotFound:
                // §4.3: NXDOMAIN gives "none".
                return new SpfOutcome(SpfVerdict.None, Problem: $"{name} does not exist");
        }
        // §4.5: keep the records that start with "v=spf1"; none is "none", more than one is a permerror.
        List<string> records = txt.Records.Where(SpfRecordParser.IsSpfRecord).ToList();
        if (records.Count == 0)
            return new SpfOutcome(SpfVerdict.None, Problem: $"no v=spf1 record at {name}");
        if (records.Count > 1)
            throw new SpfAbortException(SpfVerdict.PermError, $"{records.Count} v=spf1 records at {name} (RFC 7208 §4.5)");
        // §4.6: a syntax error anywhere in the record is a permerror, before anything is evaluated.
        if (!SpfRecordParser.TryParse(records[0], out SpfRecord? record, out string? error))
            throw new SpfAbortException(SpfVerdict.PermError, $"{name}: {error}");
        return await EvaluateAsync(record, name, explain).ConfigureAwait(false);
    }

    private async Task<SpfOutcome> EvaluateAsync(SpfRecord record, string domain, bool explain)
    {
        // RFC 7208 §4.6.2: mechanisms left to right; the first that matches gives its qualifier's result.
        foreach (SpfMechanism mechanism in record.Mechanisms)
        {
            if (mechanism.QueriesDns)
                CountLookup();
            if (!await MatchesAsync(mechanism, domain).ConfigureAwait(false))
                continue;
            // §6.2: the explanation is looked up after the result is known, only for a fail.
            string? explanation = mechanism.Qualifier == SpfVerdict.Fail && explain
                ? await ExplainAsync(record.Explanation, domain).ConfigureAwait(false)
                : null;
            return new SpfOutcome(mechanism.Qualifier, explanation);
        }
        // §6.1: redirect applies only when no mechanism matched (and is ignored when "all" is present, since that
        // always matches). The exp= of this record is not used (§6.2); the target's own is.
        if (record.Redirect is not null)
        {
            CountLookup();
            string target = await ExpandDomainAsync(record.Redirect, domain).ConfigureAwait(false);
            SpfOutcome outcome = await CheckHostAsync(target, explain).ConfigureAwait(false);
            // §6.1: a redirect to a domain without a record (or a malformed target-name) is a permerror.
            if (outcome.Verdict == SpfVerdict.None)
                throw new SpfAbortException(SpfVerdict.PermError, $"redirect={target}: {outcome.Problem} (RFC 7208 §6.1)");
            return outcome;
        }
        // §4.7: nothing matched and no redirect: neutral.
        return new SpfOutcome(SpfVerdict.Neutral);
    }

    private Task<bool> MatchesAsync(SpfMechanism mechanism, string domain) => mechanism.Kind switch
    {
        SpfMechanismKind.All => Task.FromResult(true),
        SpfMechanismKind.Ip4 or SpfMechanismKind.Ip6 => Task.FromResult(
            SpfAddress.InNetwork(_client, mechanism.Network!, mechanism.Kind == SpfMechanismKind.Ip4 ? mechanism.Ip4Prefix : mechanism.Ip6Prefix)),
        SpfMechanismKind.Include => MatchIncludeAsync(mechanism, domain),
        SpfMechanismKind.A => MatchAAsync(mechanism, domain),
        SpfMechanismKind.Mx => MatchMxAsync(mechanism, domain),
        SpfMechanismKind.Ptr => MatchPtrAsync(mechanism, domain),
        SpfMechanismKind.Exists => MatchExistsAsync(mechanism, domain),
        _ => Task.FromResult(false),
    };

    // RFC 7208 §5.2: include matches on pass; fail, softfail and neutral do not match; temperror and permerror
    // end the check (they arrive as SpfAbortException); none is a permerror.
    private async Task<bool> MatchIncludeAsync(SpfMechanism mechanism, string domain)
    {
        string target = await ExpandDomainAsync(mechanism.DomainSpec!, domain).ConfigureAwait(false);
        SpfOutcome outcome = await CheckHostAsync(target, explain: false).ConfigureAwait(false);
        if (outcome.Verdict == SpfVerdict.None)
            throw new SpfAbortException(SpfVerdict.PermError, $"include:{target}: {outcome.Problem} (RFC 7208 §5.2)");
        return outcome.Verdict == SpfVerdict.Pass;
    }

    // RFC 7208 §5.3: the target's A records for an IPv4 client, AAAA for IPv6, compared with the CIDR length.
    private async Task<bool> MatchAAsync(SpfMechanism mechanism, string domain)
    {
        string? target = await TargetNameAsync(mechanism, domain).ConfigureAwait(false);
        if (target is null)
            return false;
        DnsLookup<IPAddress> addresses = await LookupAddressesAsync(target).ConfigureAwait(false);
        ThrowOnFailure(addresses, "a", target);
        CountVoid(addresses, "a", target);
        return addresses.Records.Any(a => MatchesClient(a, mechanism));
    }

    // RFC 7208 §5.4: the addresses of the target's MX hosts; an MX-less domain is not its own MX (§5.4/4).
    private async Task<bool> MatchMxAsync(SpfMechanism mechanism, string domain)
    {
        string? target = await TargetNameAsync(mechanism, domain).ConfigureAwait(false);
        if (target is null)
            return false;
        DnsLookup<MxRecord> mx = await QueryAsync(ct => _dns.LookupMxAsync(target, ct)).ConfigureAwait(false);
        ThrowOnFailure(mx, "mx", target);
        CountVoid(mx, "mx", target);
        // §4.6.4: no more than 10 address lookups per mx: more MX records than that is a permerror.
        if (mx.Records.Count > _options.MxAddressLimit)
            throw new SpfAbortException(SpfVerdict.PermError,
                $"mx:{target} has {mx.Records.Count} MX records, more than {_options.MxAddressLimit} (RFC 7208 §4.6.4)");
        foreach (MxRecord record in mx.Records.OrderBy(r => r.Preference))
        {
            // RFC 7505: a null MX (".") names no host.
            if (!SpfDomainName.TryNormalizeQueryable(record.Exchange, out string? host))
                continue;
            DnsLookup<IPAddress> addresses = await LookupAddressesAsync(host).ConfigureAwait(false);
            // §5: an error ends the check with temperror; NXDOMAIN is just no addresses.
            ThrowOnFailure(addresses, "mx", host);
            if (addresses.Records.Any(a => MatchesClient(a, mechanism)))
                return true;
        }
        return false;
    }

    // RFC 7208 §5.5: some validated name of the client is the target or a subdomain of it.
    private async Task<bool> MatchPtrAsync(SpfMechanism mechanism, string domain)
    {
        string? target = await TargetNameAsync(mechanism, domain).ConfigureAwait(false);
        if (target is null)
            return false;
        DnsLookup<string> names = await QueryAsync(ct => _dns.LookupPtrAsync(_client, ct)).ConfigureAwait(false);
        // §5.5: a DNS error on the PTR lookup makes the mechanism not match (it is not a temperror).
        if (names.Status == DnsStatus.TemporaryFailure)
            return false;
        CountVoid(names, "ptr", target);
        IEnumerable<string> candidates = names.Records.Take(_options.PtrAddressLimit)
            .Where(n => SpfDomainName.IsSameOrSubdomain(n, target));
        foreach (string name in candidates)
        {
            if (await IsValidatedAsync(name).ConfigureAwait(false))
                return true;
        }
        return false;
    }

    // RFC 7208 §5.7: an A lookup (whatever the client's family) that returns any record matches.
    private async Task<bool> MatchExistsAsync(SpfMechanism mechanism, string domain)
    {
        string? target = await TargetNameAsync(mechanism, domain).ConfigureAwait(false);
        if (target is null)
            return false;
        DnsLookup<IPAddress> a = await QueryAsync(ct => _dns.LookupAAsync(target, ct)).ConfigureAwait(false);
        ThrowOnFailure(a, "exists", target);
        CountVoid(a, "exists", target);
        return a.Records.Count > 0;
    }

    /// <summary>
    /// RFC 7208 §6.2: the explanation of a fail. Any problem (bad expansion, DNS error, no record or several, a
    /// syntax error or non-ASCII text) means there is none. Not counted against the limits (§4.6.4).
    /// </summary>
    private async Task<string?> ExplainAsync(SpfMacroString? spec, string domain)
    {
        if (spec is null)
            return null;
        string expanded = SpfDomainName.Truncate(spec.Expand(await ContextForAsync(spec, domain).ConfigureAwait(false)));
        if (!SpfDomainName.TryNormalizeQueryable(expanded, out string? name))
            return null;
        DnsLookup<string> txt = await QueryAsync(ct => _dns.LookupTxtAsync(name, ct)).ConfigureAwait(false);
        if (txt.Status != DnsStatus.Success || txt.Records.Count != 1)
            return null;
        // §6.2: the TXT record is an explain-string, macro-expanded; c, r and t are allowed here (§7.2).
        if (!SpfMacroString.TryParse(txt.Records[0], explanation: true, out SpfMacroString? text, out _))
            return null;
        return text.Expand(await ContextForAsync(text, domain).ConfigureAwait(false));
    }

    /// <summary>
    /// RFC 7208 §4.8: the target-name is the expanded domain-spec, or &lt;domain&gt; when there is none. A name no
    /// query can be made of (empty or over-long labels) is treated as non-existent: null, no match.
    /// </summary>
    private async Task<string?> TargetNameAsync(SpfMechanism mechanism, string domain)
    {
        if (mechanism.DomainSpec is null)
            return domain;
        string expanded = await ExpandDomainAsync(mechanism.DomainSpec, domain).ConfigureAwait(false);
        return SpfDomainName.TryNormalizeQueryable(expanded, out string? name) ? name : null;
    }

    // RFC 7208 §7.3: expand, then truncate from the left to 253 characters.
    private async Task<string> ExpandDomainAsync(SpfMacroString spec, string domain) =>
        SpfDomainName.Truncate(spec.Expand(await ContextForAsync(spec, domain).ConfigureAwait(false)));

    private async Task<SpfMacroContext> ContextForAsync(SpfMacroString spec, string domain)
    {
        SpfMacroContext context = _context with { Domain = domain };
        return spec.UsesValidatedName
            ? context with { ValidatedName = await ValidatedNameAsync(domain).ConfigureAwait(false) }
            : context;
    }

    /// <summary>
    /// RFC 7208 §7.3: %{p} is a validated name of the client: &lt;domain&gt; itself if it validates, else a
    /// subdomain of it, else any; null ("unknown") when none validates or the DNS fails. At most 10 PTR names are
    /// tried (§4.6.4).
    /// </summary>
    private async Task<string?> ValidatedNameAsync(string domain)
    {
        DnsLookup<string> names = await QueryAsync(ct => _dns.LookupPtrAsync(_client, ct)).ConfigureAwait(false);
        if (names.Status != DnsStatus.Success)
            return null;
        IEnumerable<string> ordered = names.Records.Take(_options.PtrAddressLimit)
            .Select(n => n.TrimEnd('.'))
            .OrderBy(n => n.Equals(domain, StringComparison.OrdinalIgnoreCase) ? 0 : SpfDomainName.IsSameOrSubdomain(n, domain) ? 1 : 2);
        foreach (string name in ordered)
        {
            if (await IsValidatedAsync(name).ConfigureAwait(false))
                return name;
        }
        return null;
    }

    /// <summary>
    /// RFC 7208 §5.5: a PTR name is validated when one of its addresses is the client's. A DNS error skips the name.
    /// </summary>
    private async Task<bool> IsValidatedAsync(string name)
    {
        if (!SpfDomainName.TryNormalizeQueryable(name, out string? host))
            return false;
        DnsLookup<IPAddress> addresses = await LookupAddressesAsync(host).ConfigureAwait(false);
        return addresses.Status == DnsStatus.Success && addresses.Records.Any(a => SpfAddress.Normalize(a).Equals(_client));
    }

    // RFC 7208 §5: A records for an IPv4 client, AAAA for IPv6.
    private Task<DnsLookup<IPAddress>> LookupAddressesAsync(string name) =>
        _client.AddressFamily == AddressFamily.InterNetwork
            ? QueryAsync(ct => _dns.LookupAAsync(name, ct))
            : QueryAsync(ct => _dns.LookupAaaaAsync(name, ct));

    private bool MatchesClient(IPAddress address, SpfMechanism mechanism)
    {
        IPAddress candidate = SpfAddress.Normalize(address);
        return candidate.AddressFamily == AddressFamily.InterNetwork
            ? SpfAddress.InNetwork(_client, candidate, mechanism.Ip4Prefix)
            : SpfAddress.InNetwork(_client, candidate, mechanism.Ip6Prefix);
    }

    // RFC 7208 §4.6.4: at most 10 DNS-querying terms per check, includes and redirects counted in.
    private void CountLookup()
    {
        if (++_lookups > _options.LookupLimit)
            throw new SpfAbortException(SpfVerdict.PermError, $"more than {_options.LookupLimit} DNS-querying terms (RFC 7208 §4.6.4)");
    }

    // RFC 7208 §4.6.4: a term whose lookup gives NXDOMAIN or no records is a void lookup; more than 2 is a permerror.
    private void CountVoid<T>(DnsLookup<T> lookup, string term, string name)
    {
        if (lookup.Status == DnsStatus.NameNotFound || lookup.IsNoData)
        {
            if (++_voidLookups > _options.VoidLookupLimit)
                throw new SpfAbortException(SpfVerdict.PermError,
                    $"{term}:{name} is void lookup {_voidLookups}, more than {_options.VoidLookupLimit} (RFC 7208 §4.6.4)");
        }
    }

    // RFC 7208 §5: a DNS error (other than NXDOMAIN) or a timeout during a mechanism makes check_host() temperror.
    private static void ThrowOnFailure<T>(DnsLookup<T> lookup, string term, string name)
    {
        if (lookup.Status == DnsStatus.TemporaryFailure)
            throw new SpfAbortException(SpfVerdict.TempError, $"DNS failure during {term}:{name} (RFC 7208 §5)");
    }

    /// <summary>
    /// Runs one lookup. Resolvers report DNS outcomes as a status; should one throw anyway, that is a temporary
    /// failure too, so no fault escapes the check. Cancellation stays cancellation.
    /// </summary>
    private async Task<DnsLookup<T>> QueryAsync<T>(Func<CancellationToken, Task<DnsLookup<T>>> query)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await query(_cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_cancellationToken.IsCancellationRequested)
        {
            return DnsLookup<T>.Failure;
        }
    }
}
