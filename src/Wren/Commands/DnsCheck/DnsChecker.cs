using Wren.Mail.Dns;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>
/// Runs every check of <c>wren dns check</c> for one domain: MX, SPF, DKIM (each key), DMARC, MTA-STS, TLS-RPT and
/// the reverse DNS of each public address. The checks run concurrently; each DNS query is bounded by the
/// resolver's timeout, SPF by <see cref="DnsCheckOptions.SpfTimeout"/>, the policy fetch by
/// <see cref="DnsCheckOptions.HttpsTimeout"/>.
/// </summary>
public sealed class DnsChecker(IDnsResolver dns, DnsCheckOptions options)
{
    /// <summary>Runs the checks.</summary>
    public async Task<DnsCheckReport> RunAsync(CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dns);
        ArgumentNullException.ThrowIfNull(options);
        DnsCheckContext context = await DnsCheckContext.CreateAsync(options, dns, cancellationToken);
        Task<DnsCheckResult> spf = SpfCheck.RunAsync(context, cancellationToken);
        Task<IReadOnlyList<DnsCheckResult>> dkim = DkimCheck.RunAsync(context, cancellationToken);
        Task<DnsCheckResult> dmarc = DmarcCheck.RunAsync(context, cancellationToken);
        Task<DnsCheckResult> mtaSts = MtaStsCheck.RunAsync(context, cancellationToken);
        Task<DnsCheckResult> tlsRpt = TlsRptCheck.RunAsync(context, cancellationToken);
        Task<IReadOnlyList<DnsCheckResult>> reverse = ReverseDnsCheck.RunAsync(context, cancellationToken);
        await Task.WhenAll(spf, dkim, dmarc, mtaSts, tlsRpt, reverse);
        DnsCheckResult[] results =
        [
            MxCheck.Run(context), await spf, .. await dkim, await dmarc, await mtaSts, await tlsRpt, .. await reverse,
        ];
        return new DnsCheckReport(options.Domain, options.Hostname, context.PublicAddresses, context.PublicAddressConfigured,
            context.PublicAddressesUnknown, results);
    }
}
