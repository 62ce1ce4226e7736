using Wren.Mail.Addresses;
using Wren.Mail.Dns;
using Wren.MailAuth.Dkim;
using Wren.MailAuth.PublicSuffix;
using Wren.MailAuth.Spf;

namespace Wren.MailAuth.Dmarc;

/// <summary>
/// DMARC evaluation (RFC 7489 §6.6): finds the From domain's policy, checks SPF and DKIM results for an aligned pass,
/// and picks the disposition, pct= sampling included. It consumes SPF and DKIM results; it verifies nothing itself.
/// </summary>
public sealed class DmarcEvaluator
{
    private readonly DmarcRecordLocator _locator;
    private readonly PublicSuffixList _suffixes;
    private readonly Func<int, int> _random;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="dns">The resolver for the <c>_dmarc</c> TXT lookups.</param>
    /// <param name="suffixes">The Public Suffix List (Organizational Domains).</param>
    /// <param name="random">Returns a uniformly chosen integer in [0, n) for n; pct= sampling draws from it once per
    /// failing message. <see cref="Random.Shared"/> when null; tests pass a fixed one.</param>
    public DmarcEvaluator(IDnsResolver dns, PublicSuffixList suffixes, Func<int, int>? random = null)
    {
        _locator = new DmarcRecordLocator(dns, suffixes);
        _suffixes = suffixes;
        _random = random ?? Random.Shared.Next;
    }

    /// <summary>Evaluates DMARC for one message.</summary>
    /// <param name="fromDomain">The RFC5322.From domain (see <see cref="FromDomainExtractor"/>); null when there is no
    /// single usable one, which is a permerror (§6.6.1).</param>
    /// <param name="spf">The SPF result. Only a <c>mailfrom</c> identity counts (§3.1.2; with a null reverse-path that
    /// identity is postmaster@HELO, RFC 7208 §2.4); a <c>helo</c> check never aligns.</param>
    /// <param name="dkim">The results of every DKIM signature (empty when unsigned).</param>
    /// <param name="cancellationToken">Cancels the DNS lookups.</param>
    public async Task<DmarcResult> EvaluateAsync(string? fromDomain, SpfResult spf, IReadOnlyList<DkimResult> dkim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spf);
        ArgumentNullException.ThrowIfNull(dkim);
        // RFC 7489 §6.6.1: no single From domain: the message cannot be evaluated.
        if (string.IsNullOrWhiteSpace(fromDomain))
            return Error(DmarcVerdict.PermError, null, null, "no single RFC5322.From domain");
        if (!DomainName.TryCanonicalize(fromDomain, out string? from))
            return Error(DmarcVerdict.PermError, fromDomain, null, $"the RFC5322.From domain '{fromDomain}' is not a domain name");

        DmarcDiscovery discovery = await _locator.FindAsync(from!, cancellationToken).ConfigureAwait(false);
        switch (discovery.Status)
        {
            case DmarcDiscoveryStatus.None:
                return Error(DmarcVerdict.None, from, discovery.PolicyDomain, discovery.Problem);
            case DmarcDiscoveryStatus.TempError:
                return Error(DmarcVerdict.TempError, from, discovery.PolicyDomain, discovery.Problem);
            case DmarcDiscoveryStatus.PermError:
                return Error(DmarcVerdict.PermError, from, discovery.PolicyDomain, discovery.Problem);
        }

        DmarcRecord record = discovery.Record!;
        // RFC 7489 §6.3 sp=: applies to subdomains, i.e. when the record was found at the Organizational Domain
        // for a From domain below it (a record at the From domain itself always gives p=).
        bool subdomain = discovery.AtOrganizationalDomain && discovery.PolicyDomain != from;
        DmarcPolicy policy = record.PolicyFor(subdomain);

        // RFC 7489 §3.1.2 and §4.2: an SPF pass for the MAIL FROM identity whose domain aligns.
        bool spfAligned = spf.Verdict == SpfVerdict.Pass
            && string.Equals(spf.Identity, "mailfrom", StringComparison.OrdinalIgnoreCase)
            && DmarcAlignment.IsAligned(spf.Domain, from!, record.SpfAlignment, _suffixes);
        // RFC 7489 §3.1.1: any passing DKIM signature whose d= aligns.
        bool dkimAligned = dkim.Any(d => d.Verdict == DkimVerdict.Pass && d.Domain is not null
            && DmarcAlignment.IsAligned(d.Domain, from!, record.DkimAlignment, _suffixes));

        // RFC 7489 §6.6.2 / §4.2: DMARC passes when either mechanism passes aligned.
        if (spfAligned || dkimAligned)
        {
            return new DmarcResult(DmarcVerdict.Pass, from, discovery.PolicyDomain, policy, DmarcPolicy.None, spfAligned, dkimAligned)
            {
                Record = record,
                SubdomainPolicyApplied = subdomain && record.SubdomainPolicy is not null,
            };
        }

        // RFC 7489 §6.6.4: pct= sampling. A failing message outside the sample gets the next lower policy
        // (reject → quarantine, quarantine → none).
        bool? sampled = null;
        DmarcPolicy disposition = policy;
        if (policy != DmarcPolicy.None && record.Percent < 100)
        {
            sampled = record.Percent > 0 && _random(100) < record.Percent;
            if (!sampled.Value)
                disposition = policy == DmarcPolicy.Reject ? DmarcPolicy.Quarantine : DmarcPolicy.None;
        }
        return new DmarcResult(DmarcVerdict.Fail, from, discovery.PolicyDomain, policy, disposition, false, false,
            "no aligned SPF or DKIM pass")
        {
            Record = record,
            Sampled = sampled,
            SubdomainPolicyApplied = subdomain && record.SubdomainPolicy is not null,
        };
    }

    private static DmarcResult Error(DmarcVerdict verdict, string? from, string? policyDomain, string? problem) =>
        new(verdict, from, policyDomain, DmarcPolicy.None, DmarcPolicy.None, false, false, problem);
}
