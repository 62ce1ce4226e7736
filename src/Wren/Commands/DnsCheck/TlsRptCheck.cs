using Wren.Mail.Dns;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>
/// SMTP TLS Reporting (RFC 8460), optional: one valid <c>v=TLSRPTv1</c> record at <c>_smtp._tls.DOMAIN</c> saying
/// where senders report TLS failures. Absent is a WARN; several or an invalid one is a FAIL.
/// </summary>
public static class TlsRptCheck
{
    /// <summary>The check's id.</summary>
    public const string Id = "tls-rpt";

    /// <summary>The record suggested when there is none.</summary>
    public static string SuggestedRecord(string domain) => $"v=TLSRPTv1; rua=mailto:postmaster@{domain}";

    /// <summary>Runs the check.</summary>
    public static async Task<DnsCheckResult> RunAsync(DnsCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string name = "_smtp._tls." + context.Domain;
        const string expected = "one v=TLSRPTv1 record with rua=mailto: or https: (RFC 8460 §3; optional)";
        DnsLookup<string> txt = await context.Dns.LookupTxtAsync(name, cancellationToken);
        if (txt.Status == DnsStatus.TemporaryFailure)
            return DnsCheckResult.DnsError(Id, name, expected, $"{name} (TXT)");
        string[] published = [.. txt.Records.Where(TlsRptRecord.IsTlsRptRecord)];
        string[] publish = [ZoneFile.Txt(name, SuggestedRecord(context.Domain))];
        if (published.Length == 0)
            return Result(DnsCheckStatus.Warn, "no TLS-RPT record (optional: senders would report TLS failures to you)", publish);
        // RFC 8460 §3: unless exactly one valid record remains, the domain does not implement TLSRPT.
        if (published.Length > 1)
            return Result(DnsCheckStatus.Fail, $"{published.Length} v=TLSRPTv1 records: senders ignore them all (RFC 8460 §3); keep one", publish);
        if (!TlsRptRecord.TryParse(published[0], out TlsRptRecord? record, out string? error))
            return Result(DnsCheckStatus.Fail, $"the record is not valid: {error}", publish);
        return Result(DnsCheckStatus.Ok, "reports go to " + string.Join(", ", record.ReportUris.Select(u => u.OriginalString)), []);

        DnsCheckResult Result(DnsCheckStatus status, string summary, IReadOnlyList<string> toPublish) =>
            new(Id, name, status, summary, published, expected, toPublish, []);
    }
}
