using System.Globalization;
using System.Net;
using Wren.Delivery.Outbound.TlsPolicy;
using Wren.Mail.Dns;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>
/// MTA-STS (RFC 8461), optional: the <c>_mta-sts.DOMAIN</c> TXT record (§3.1) and the policy it announces at
/// <c>https://mta-sts.DOMAIN/.well-known/mta-sts.txt</c> (§3.3), whose mx patterns must cover the host name and
/// every MX host (§4.1). No record at all is a WARN; a record whose policy cannot be had is a FAIL.
/// </summary>
public static class MtaStsCheck
{
    /// <summary>The check's id.</summary>
    public const string Id = "mta-sts";

    /// <summary>The max_age suggested for a new policy: one week, in seconds.</summary>
    public const long SuggestedMaxAge = 604_800;

    /// <summary>Runs the check.</summary>
    public static async Task<DnsCheckResult> RunAsync(DnsCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string domain = context.Domain;
        string name = "_mta-sts." + domain;
        string policyHost = "mta-sts." + domain;
        string[] mxHosts = MxHostsToCover(context);
        string expected = $"a v=STSv1 record and a policy at https://{policyHost}/.well-known/mta-sts.txt whose mx lines cover {string.Join(", ", mxHosts)} (optional)";
        string[] policyFile = PolicyFile(mxHosts);
        string[] serveNotes =
        [
            $"serve https://{policyHost}/.well-known/mta-sts.txt as text/plain, with a certificate valid for {policyHost}, containing:",
            .. policyFile.Select(line => "    " + line),
        ];
        string publishRecord = ZoneFile.Txt(name, $"v=STSv1; id={NewId()}");

        DnsLookup<string> txt = await context.Dns.LookupTxtAsync(name, cancellationToken);
        if (txt.Status == DnsStatus.TemporaryFailure)
            return DnsCheckResult.DnsError(Id, name, expected, $"{name} (TXT)");
        // RFC 8461 §3.1: TXT records that do not start with v=STSv1 are discarded.
        string[] published = [.. txt.Records.Where(r => r.StartsWith("v=STSv1", StringComparison.Ordinal))];
        if (published.Length == 0)
        {
            return Result(DnsCheckStatus.Warn, $"no MTA-STS record (optional: it lets senders insist on TLS to {context.Hostname})",
                [publishRecord], [.. serveNotes, $"and publish an A/AAAA (or CNAME) record for {policyHost}"]);
        }
        // §3.1: unless exactly one valid record remains, the domain has no MTA-STS policy.
        if (published.Length > 1)
            return Result(DnsCheckStatus.Fail, $"{published.Length} v=STSv1 records: senders ignore them all (RFC 8461 §3.1); keep one", [publishRecord], []);
        if (MtaStsRecord.Parse(published[0]) is not { } record)
            return Result(DnsCheckStatus.Fail, "the record is not valid (RFC 8461 §3.1: v=STSv1; id=1 to 32 letters or digits)", [publishRecord], []);

        Task<DnsLookup<IPAddress>> a = context.Dns.LookupAAsync(policyHost, cancellationToken);
        Task<DnsLookup<IPAddress>> aaaa = context.Dns.LookupAaaaAsync(policyHost, cancellationToken);
        await Task.WhenAll(a, aaaa);
        if ((await a).Records.Count + (await aaaa).Records.Count == 0)
        {
            if ((await a).Status == DnsStatus.TemporaryFailure || (await aaaa).Status == DnsStatus.TemporaryFailure)
                return DnsCheckResult.DnsError(Id, name, expected, $"{policyHost} (A/AAAA)") with { Published = published };
            return Result(DnsCheckStatus.Fail, $"{policyHost} has no address, so the policy cannot be fetched", [],
                [$"publish an A/AAAA (or CNAME) record for {policyHost}", .. serveNotes]);
        }

        using var fetcher = new MtaStsFetcher(context.Dns, new TlsPolicyOptions
        {
            FetchTimeout = context.Options.HttpsTimeout,
            MtaStsPort = context.Options.MtaStsPort,
            ExtraTrustedRoots = context.Options.ExtraTrustedRoots,
        }, TimeProvider.System);
        MtaStsFetchResult fetched = await fetcher.FetchAsync(domain, cancellationToken);
        if (fetched.Policy is not { } policy)
            return Result(DnsCheckStatus.Fail, $"id={record.Id}, but the policy cannot be had: {fetched.Error}", [], serveNotes);

        string found = $"id={record.Id}; policy {policy}";
        published = [.. published, $"policy: {policy}"];
        // RFC 8461 §5: mode none withdraws the policy.
        if (policy.Mode == MtaStsMode.None)
            return Result(DnsCheckStatus.Warn, $"{found}: mode none withdraws the policy", [], serveNotes);
        string[] uncovered = [.. mxHosts.Where(host => !policy.MatchesMx(host))];
        if (uncovered.Length > 0)
        {
            // §4.1: senders deliver only to MX hosts that match a pattern; under enforce the others get no mail.
            return Result(DnsCheckStatus.Fail, $"{found}: no mx line covers {string.Join(", ", uncovered)} (RFC 8461 §4.1)",
                [ZoneFile.Txt(name, $"v=STSv1; id={NewId()}")], [.. serveNotes, "and change the id (a new id tells senders to fetch the policy again, RFC 8461 §3.1)"]);
        }
        return Result(DnsCheckStatus.Ok, found, [], []);

        DnsCheckResult Result(DnsCheckStatus status, string summary, IReadOnlyList<string> publish, IReadOnlyList<string> notes) =>
            new(Id, name, status, summary, published, expected, publish, notes);
    }

    /// <summary>The policy file Wren suggests: enforce, the MX hosts, a week (RFC 8461 §3.2).</summary>
    public static string[] PolicyFile(IEnumerable<string> mxHosts) =>
        ["version: STSv1", "mode: enforce", .. mxHosts.Select(h => "mx: " + h), $"max_age: {SuggestedMaxAge.ToString(CultureInfo.InvariantCulture)}"];

    // The host name, and the domain's other MX hosts (a null MX "." aside).
    private static string[] MxHostsToCover(DnsCheckContext context) =>
        [.. context.Mx.Records.Select(r => r.Exchange).Where(h => h != ".").Prepend(context.Hostname)
            .Select(h => h.TrimEnd('.').ToLowerInvariant()).Distinct(StringComparer.Ordinal)];

    // RFC 8461 §3.1: id is 1 to 32 letters or digits; a UTC time stamp changes whenever the policy does.
    private static string NewId() => DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
}
