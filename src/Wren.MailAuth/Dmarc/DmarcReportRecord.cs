using System.Net;
using Wren.MailAuth.Dkim;
using Wren.MailAuth.Spf;

namespace Wren.MailAuth.Dmarc;

/// <summary>One DKIM result as an aggregate report row lists it (RFC 7489 Appendix C, auth_results/dkim).</summary>
/// <param name="Domain">d=.</param>
/// <param name="Selector">s=, when known.</param>
/// <param name="Verdict">The result.</param>
public sealed record DmarcReportDkim(string Domain, string? Selector, DkimVerdict Verdict);

/// <summary>
/// What a DMARC aggregate report (RFC 7489 §7.2, Appendix C) needs to know about one evaluated message: the row
/// (source_ip, policy_evaluated, identifiers, auth_results) and the policy_published of its domain. Kept by an
/// <see cref="IDmarcReportSink"/>; grouping into reports and sending them is not part of this type.
/// </summary>
/// <param name="Time">When the message was evaluated.</param>
/// <param name="SourceIp">The SMTP client's address.</param>
/// <param name="HeaderFrom">The RFC5322.From domain (identifiers/header_from).</param>
/// <param name="EnvelopeFrom">The RFC5321.MailFrom domain (identifiers/envelope_from), empty for the null sender.</param>
/// <param name="PolicyDomain">The domain whose record applied (policy_published/domain).</param>
/// <param name="Record">The record that applied (p, sp, adkim, aspf, pct, fo).</param>
/// <param name="Verdict">The DMARC result.</param>
/// <param name="Disposition">policy_evaluated/disposition, after pct= sampling.</param>
/// <param name="DkimAligned">policy_evaluated/dkim: an aligned DKIM pass.</param>
/// <param name="SpfAligned">policy_evaluated/spf: an aligned SPF pass.</param>
/// <param name="SpfDomain">auth_results/spf/domain.</param>
/// <param name="SpfVerdict">auth_results/spf/result.</param>
/// <param name="Dkim">auth_results/dkim, one per signature with a d=.</param>
/// <param name="SampledOut">True when pct= sampling lowered the disposition (reason type "sampled_out").</param>
public sealed record DmarcReportRecord(
    DateTimeOffset Time, IPAddress SourceIp, string HeaderFrom, string EnvelopeFrom, string PolicyDomain, DmarcRecord Record,
    DmarcVerdict Verdict, DmarcPolicy Disposition, bool DkimAligned, bool SpfAligned,
    string SpfDomain, SpfVerdict SpfVerdict, IReadOnlyList<DmarcReportDkim> Dkim, bool SampledOut = false)
{
    /// <summary>Builds the row for a message, or null when nothing is to be reported: only a result with a record and
    /// a policy domain (pass or fail) goes into aggregate reports.</summary>
    /// <param name="result">The DMARC result.</param>
    /// <param name="sourceIp">The SMTP client's address.</param>
    /// <param name="envelopeFromDomain">The MAIL FROM domain, empty or null for the null reverse-path.</param>
    /// <param name="spf">The SPF result the evaluation used.</param>
    /// <param name="dkim">The DKIM results the evaluation used.</param>
    /// <param name="time">When the message was evaluated.</param>
    public static DmarcReportRecord? For(
        DmarcResult result, IPAddress sourceIp, string? envelopeFromDomain, SpfResult spf, IReadOnlyList<DkimResult> dkim, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(spf);
        ArgumentNullException.ThrowIfNull(dkim);
        if (result.Record is null || result.PolicyDomain is null || result.FromDomain is null)
            return null;
        return new DmarcReportRecord(
            time, sourceIp, result.FromDomain, envelopeFromDomain ?? "", result.PolicyDomain, result.Record,
            result.Verdict, result.Disposition, result.DkimAligned, result.SpfAligned,
            spf.Domain, spf.Verdict,
            dkim.Where(d => d.Domain is not null).Select(d => new DmarcReportDkim(d.Domain!, d.Selector, d.Verdict)).ToList(),
            SampledOut: result.Sampled == false);
    }
}
