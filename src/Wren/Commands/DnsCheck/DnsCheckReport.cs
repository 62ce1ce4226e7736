using System.Net;
using Wren.Cli.Commands;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>Every check of one domain, and what they were run against.</summary>
/// <param name="Domain">The mail domain.</param>
/// <param name="Hostname">Wren's host name.</param>
/// <param name="PublicAddresses">The public addresses the checks used (possibly none).</param>
/// <param name="PublicAddressConfigured">True when they come from <c>PublicAddress</c>, false when from the host name's A/AAAA.</param>
/// <param name="PublicAddressesUnknown">True when the host name's A/AAAA lookup failed and no <c>PublicAddress</c> is set.</param>
/// <param name="Results">The results, in the order MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT, reverse DNS.</param>
public sealed record DnsCheckReport(
    string Domain,
    string Hostname,
    IReadOnlyList<IPAddress> PublicAddresses,
    bool PublicAddressConfigured,
    bool PublicAddressesUnknown,
    IReadOnlyList<DnsCheckResult> Results)
{
    /// <summary>FAIL when any check failed, else ERROR when any could not be done, else WARN when any warned, else OK.</summary>
    public DnsCheckStatus Status =>
        Results.Any(r => r.Status == DnsCheckStatus.Fail) ? DnsCheckStatus.Fail
        : Results.Any(r => r.Status == DnsCheckStatus.Error) ? DnsCheckStatus.Error
        : Results.Any(r => r.Status == DnsCheckStatus.Warn) ? DnsCheckStatus.Warn
        : DnsCheckStatus.Ok;

    /// <summary>0 for OK or WARN; <see cref="ExitCodes.DnsCheckFailed"/> or <see cref="ExitCodes.DnsCheckUnknown"/> otherwise.</summary>
    public int ExitCode => Status switch
    {
        DnsCheckStatus.Fail => ExitCodes.DnsCheckFailed,
        DnsCheckStatus.Error => ExitCodes.DnsCheckUnknown,
        _ => ExitCodes.Success,
    };

    /// <summary>How many results have <paramref name="status"/>.</summary>
    public int Count(DnsCheckStatus status) => Results.Count(r => r.Status == status);
}
