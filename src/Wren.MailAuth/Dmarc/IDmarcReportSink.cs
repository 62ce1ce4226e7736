namespace Wren.MailAuth.Dmarc;

/// <summary>Where evaluated messages are recorded for DMARC aggregate reports (RFC 7489 §7.2). Storing the rows
/// durably, grouping them per policy domain and interval, and sending the reports are left to implementations.</summary>
public interface IDmarcReportSink
{
    /// <summary>Records one evaluated message.</summary>
    /// <param name="record">The report row.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    ValueTask RecordAsync(DmarcReportRecord record, CancellationToken cancellationToken = default);
}
