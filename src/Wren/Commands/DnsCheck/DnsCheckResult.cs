namespace Wren.Cli.Commands.DnsCheck;

/// <summary>The outcome of one check: what is published, what Wren expects, and what to publish when they differ.</summary>
/// <param name="Check">Which check: <c>mx</c>, <c>spf</c>, <c>dkim</c>, <c>dmarc</c>, <c>mta-sts</c>, <c>tls-rpt</c> or <c>reverse-dns</c>.</param>
/// <param name="Name">The DNS name (or, for reverse DNS, the address) that was looked at.</param>
/// <param name="Status">The verdict.</param>
/// <param name="Summary">One line: what was found, or what is wrong.</param>
/// <param name="Published">The records found (TXT texts, MX and PTR targets), possibly none.</param>
/// <param name="Expected">What Wren expects to find, in words.</param>
/// <param name="Publish">Zone-file lines to publish (<c>name. IN TXT "…"</c>); empty when there is nothing to publish.</param>
/// <param name="Notes">Other steps (a command to run, a file to serve), possibly none.</param>
public sealed record DnsCheckResult(
    string Check,
    string Name,
    DnsCheckStatus Status,
    string Summary,
    IReadOnlyList<string> Published,
    string Expected,
    IReadOnlyList<string> Publish,
    IReadOnlyList<string> Notes)
{
    /// <summary>A check that could not be done because a DNS query failed temporarily: never reported as "missing".</summary>
    public static DnsCheckResult DnsError(string check, string name, string expected, string query) =>
        new(check, name, DnsCheckStatus.Error,
            $"lookup of {query} failed (SERVFAIL, REFUSED or timeout): unknown, try again",
            [], expected, [], []);
}
