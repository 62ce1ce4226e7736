using Wren.Mail.Dns;
using Wren.MailAuth.PublicSuffix;

namespace Wren.MailAuth.Dmarc;

/// <summary>DMARC policy discovery (RFC 7489 §6.6.3): the TXT records at <c>_dmarc.</c> of the From domain, then at
/// <c>_dmarc.</c> of its Organizational Domain.</summary>
public sealed class DmarcRecordLocator
{
    private readonly IDnsResolver _dns;
    private readonly PublicSuffixList _suffixes;

    /// <summary>Creates a locator.</summary>
    /// <param name="dns">The resolver the TXT lookups go through.</param>
    /// <param name="suffixes">The list that gives the Organizational Domain.</param>
    public DmarcRecordLocator(IDnsResolver dns, PublicSuffixList suffixes)
    {
        ArgumentNullException.ThrowIfNull(dns);
        ArgumentNullException.ThrowIfNull(suffixes);
        _dns = dns;
        _suffixes = suffixes;
    }

    /// <summary>Finds the DMARC record that governs <paramref name="fromDomain"/>.</summary>
    /// <param name="fromDomain">The RFC5322.From domain, in canonical (A-label, lower-case) form.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    public async Task<DmarcDiscovery> FindAsync(string fromDomain, CancellationToken cancellationToken)
    {
        // RFC 7489 §6.6.3 step 1: the From domain's own record.
        var (outcome, first) = await LookupAsync(fromDomain, atOrganizationalDomain: false, cancellationToken).ConfigureAwait(false);
        if (outcome is not null)
            return outcome;

        // Step 2: no record there: the Organizational Domain's, when it is another name.
        string org = _suffixes.TryGetOrganizationalDomain(fromDomain, out string? o) ? o : fromDomain;
        if (org == fromDomain)
            return new DmarcDiscovery(DmarcDiscoveryStatus.None, null, null, false, first);
        var (orgOutcome, second) = await LookupAsync(org, atOrganizationalDomain: true, cancellationToken).ConfigureAwait(false);
        return orgOutcome ?? new DmarcDiscovery(DmarcDiscoveryStatus.None, null, null, false, $"{first}; {second}");
    }

    /// <summary>One name: a final outcome, or null with the reason to go on.</summary>
    private async Task<(DmarcDiscovery? Outcome, string Reason)> LookupAsync(string domain, bool atOrganizationalDomain, CancellationToken cancellationToken)
    {
        string name = "_dmarc." + domain;
        var answer = await _dns.LookupTxtAsync(name, cancellationToken).ConfigureAwait(false);
        if (answer.Status == DnsStatus.TemporaryFailure)
        {
            // RFC 7489 §6.6.3 (and §11.2 temperror): a transient DNS failure; the receiver may defer the message.
            return (new DmarcDiscovery(DmarcDiscoveryStatus.TempError, null, domain, atOrganizationalDomain,
                $"DNS lookup of {name} TXT failed temporarily"), "");
        }

        // Step 3: records that do not start with v=DMARC1 are discarded.
        var records = answer.Records.Where(DmarcRecord.IsDmarcRecord).ToList();
        if (records.Count == 0)
            return (null, $"no DMARC record at {name}");

        // Step 4: several records: discovery ends and DMARC is not applied.
        if (records.Count > 1)
        {
            return (new DmarcDiscovery(DmarcDiscoveryStatus.None, null, domain, atOrganizationalDomain,
                $"{records.Count} DMARC records at {name}; none applies"), "");
        }

        // Steps 5–6: parse; a record without a usable p= (and no valid rua=) means no DMARC processing: permerror.
        if (!DmarcRecord.TryParse(records[0], out DmarcRecord? record, out string? error))
            return (new DmarcDiscovery(DmarcDiscoveryStatus.PermError, null, domain, atOrganizationalDomain, $"{name}: {error}"), "");
        return (new DmarcDiscovery(DmarcDiscoveryStatus.Found, record, domain, atOrganizationalDomain), "");
    }
}
