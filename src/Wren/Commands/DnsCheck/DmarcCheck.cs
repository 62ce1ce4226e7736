using Wren.Mail.Dns;
using Wren.MailAuth.Dmarc;
using Wren.MailAuth.PublicSuffix;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>
/// DMARC: one valid <c>v=DMARC1</c> record at <c>_dmarc.DOMAIN</c> (RFC 7489 §6.1), or, for a subdomain without
/// one, at its Organizational Domain (§6.6.3 step 2). <c>p=none</c> is a WARN: receivers are asked to do nothing.
/// </summary>
public static class DmarcCheck
{
    /// <summary>The check's id.</summary>
    public const string Id = "dmarc";

    /// <summary>The record suggested when there is none: quarantine what fails, aggregate reports to postmaster.</summary>
    public static string SuggestedRecord(string domain) => $"v=DMARC1; p=quarantine; rua=mailto:postmaster@{domain}";

    /// <summary>Runs the check.</summary>
    public static async Task<DnsCheckResult> RunAsync(DnsCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string domain = context.Domain;
        string name = "_dmarc." + domain;
        const string expected = "one valid v=DMARC1 record with p=quarantine or p=reject (RFC 7489 §6.3)";
        DnsLookup<string> txt = await context.Dns.LookupTxtAsync(name, cancellationToken);
        if (txt.Status == DnsStatus.TemporaryFailure)
            return DnsCheckResult.DnsError(Id, name, expected, $"{name} (TXT)");
        // RFC 7489 §6.6.3 step 3: TXT records that do not start with v=DMARC1 are discarded.
        string[] published = [.. txt.Records.Where(DmarcRecord.IsDmarcRecord)];
        string[] publish = [ZoneFile.Txt(name, SuggestedRecord(domain))];

        if (published.Length == 0)
        {
            // §6.6.3 step 2: a subdomain without a record is governed by its Organizational Domain's (sp=, else p=).
            PublicSuffixList suffixes = PublicSuffixList.LoadOrDefaultRule(context.Options.PublicSuffixList);
            if (suffixes.TryGetOrganizationalDomain(domain, out string? organizational) && organizational != domain)
            {
                DmarcDiscovery discovery = await new DmarcRecordLocator(context.Dns, suffixes).FindAsync(domain, cancellationToken);
                if (discovery.Status == DmarcDiscoveryStatus.TempError)
                    return DnsCheckResult.DnsError(Id, name, expected, $"_dmarc.{organizational} (TXT)");
                if (discovery is { Status: DmarcDiscoveryStatus.Found, Record: { } inherited })
                    return Judge(inherited, $"no record of its own; _dmarc.{discovery.PolicyDomain} applies, ", subdomain: true);
            }
            return new DnsCheckResult(Id, name, DnsCheckStatus.Fail, $"{name} has no DMARC record", published, expected, publish, []);
        }
        // §6.6.3 step 5: several records (or none) end discovery: receivers act as if there were none.
        if (published.Length > 1)
        {
            return new DnsCheckResult(Id, name, DnsCheckStatus.Fail,
                $"{published.Length} DMARC records: receivers ignore them all (RFC 7489 §6.6.3); keep one", published, expected, publish, []);
        }
        if (!DmarcRecord.TryParse(published[0], out DmarcRecord? record, out string? error))
            return new DnsCheckResult(Id, name, DnsCheckStatus.Fail, $"the record is not valid: {error}", published, expected, publish, []);
        return Judge(record, "", subdomain: false);

        DnsCheckResult Judge(DmarcRecord found, string prefix, bool subdomain)
        {
            if (found.PolicyWasInvalid)
            {
                return new DnsCheckResult(Id, name, DnsCheckStatus.Fail,
                    $"{prefix}p= is missing or invalid, so receivers read it as p=none (RFC 7489 §6.6.3)", published, expected, publish, []);
            }
            DmarcPolicy policy = found.PolicyFor(subdomain);
            string text = $"{prefix}p={policy.ToString().ToLowerInvariant()}{(found.Percent < 100 ? $", pct={found.Percent}" : "")}";
            if (policy == DmarcPolicy.None)
            {
                return new DnsCheckResult(Id, name, DnsCheckStatus.Warn,
                    $"{text}: receivers are asked to do nothing with mail that fails; move to p=quarantine once the reports are clean",
                    published, expected, subdomain ? [] : publish, []);
            }
            return new DnsCheckResult(Id, name, DnsCheckStatus.Ok, text, published, expected, [], []);
        }
    }
}
