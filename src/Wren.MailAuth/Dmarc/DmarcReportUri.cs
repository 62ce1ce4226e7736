namespace Wren.MailAuth.Dmarc;

/// <summary>One destination of rua= or ruf= (RFC 7489 §6.2, §6.4 dmarc-uri): a URI with an optional size limit.</summary>
/// <param name="Uri">The destination, usually <c>mailto:</c>.</param>
/// <param name="MaxBytes">The largest report the destination accepts (<c>!10m</c> → 10 × 2^20), or null for no limit.</param>
public sealed record DmarcReportUri(Uri Uri, long? MaxBytes = null);
