using System.Text.Json;

namespace Wren.MailAuth.Dmarc;

/// <summary>
/// Keeps DMARC report rows in the data folder, one JSON object per line in <c>dmarc/YYYY-MM-DD.jsonl</c> (UTC day
/// of evaluation), the raw material for aggregate reports (RFC 7489 §7.2) that a later step groups by policy domain
/// and sends. Rows are appended, not fsynced: a crash may lose the last few, which only makes a report slightly
/// incomplete, never loses mail.
/// </summary>
public sealed class JsonLinesDmarcReportSink : IDmarcReportSink
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly string _folder;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Writes into <paramref name="folder"/> (created when the first row comes).</summary>
    public JsonLinesDmarcReportSink(string folder) => _folder = folder;

    /// <summary>The file that holds the rows of <paramref name="day"/>.</summary>
    public string PathFor(DateTimeOffset day) => Path.Combine(_folder, day.UtcDateTime.ToString("yyyy-MM-dd") + ".jsonl");

    /// <inheritdoc />
    public async ValueTask RecordAsync(DmarcReportRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        string line = JsonSerializer.Serialize(Row(record), Json) + "\n";
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(_folder);
            await File.AppendAllTextAsync(PathFor(record.Time), line, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The row in the vocabulary of RFC 7489 Appendix C (names of the report's XML elements).</summary>
    private static object Row(DmarcReportRecord r) => new
    {
        time = r.Time.ToUniversalTime().ToString("O"),
        sourceIp = r.SourceIp.ToString(),
        headerFrom = r.HeaderFrom,
        envelopeFrom = r.EnvelopeFrom,
        policyPublished = new
        {
            domain = r.PolicyDomain,
            adkim = r.Record.DkimAlignment == DmarcAlignmentMode.Strict ? "s" : "r",
            aspf = r.Record.SpfAlignment == DmarcAlignmentMode.Strict ? "s" : "r",
            p = Name(r.Record.Policy),
            sp = Name(r.Record.SubdomainPolicy ?? r.Record.Policy),
            pct = r.Record.Percent,
            rua = r.Record.AggregateReportUris.Select(u => u.Uri.ToString()).ToArray(),
        },
        policyEvaluated = new
        {
            disposition = Name(r.Disposition),
            dkim = r.DkimAligned ? "pass" : "fail",
            spf = r.SpfAligned ? "pass" : "fail",
            reason = r.SampledOut ? "sampled_out" : null,
        },
        result = r.Verdict.ToString().ToLowerInvariant(),
        authResults = new
        {
            spf = new { domain = r.SpfDomain, result = r.SpfVerdict.ToString().ToLowerInvariant() },
            dkim = r.Dkim.Select(d => new { domain = d.Domain, selector = d.Selector, result = d.Verdict.ToString().ToLowerInvariant() }).ToArray(),
        },
    };

    private static string Name(DmarcPolicy policy) => policy.ToString().ToLowerInvariant();
}
