using System.Net;
using Wren.Mail.Dns;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>
/// Reverse DNS: each public address has a PTR record naming the host name, and the host name resolves back to the
/// address (forward-confirmed reverse DNS; receivers check it, RFC 8601 §3 "iprev", RFC 1912 §2.1).
/// </summary>
public static class ReverseDnsCheck
{
    /// <summary>The check's id.</summary>
    public const string Id = "reverse-dns";

    /// <summary>Runs the check: one result per public address.</summary>
    public static async Task<IReadOnlyList<DnsCheckResult>> RunAsync(DnsCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string expected = $"a PTR record naming {context.Hostname}, which resolves back to the address";
        if (context.WithoutPublicAddress(Id, context.Hostname, expected) is { } noAddress)
            return [noAddress];
        return await Task.WhenAll(context.PublicAddresses.Select(address => CheckAsync(context, address, cancellationToken)));
    }

    private static async Task<DnsCheckResult> CheckAsync(DnsCheckContext context, IPAddress address, CancellationToken cancellationToken)
    {
        string host = context.Hostname;
        string name = address.ToString();
        string expected = $"a PTR record naming {host}, which resolves back to {address}";
        const string provider = "the reverse zone belongs to whoever assigned the address (usually the hosting provider): ask them to set it";
        DnsLookup<string> ptr = await context.Dns.LookupPtrAsync(address, cancellationToken);
        if (ptr.Status == DnsStatus.TemporaryFailure)
            return DnsCheckResult.DnsError(Id, name, expected, $"{ZoneFile.ReverseName(address)} (PTR)");
        IReadOnlyList<string> published = ptr.Records;
        string publishPtr = ZoneFile.Ptr(address, host);
        if (published.Count == 0)
            return new DnsCheckResult(Id, name, DnsCheckStatus.Fail, $"{address} has no PTR record", published, expected, [publishPtr], [provider]);
        if (!published.Any(p => DnsCheckContext.SameName(p, host)))
        {
            return new DnsCheckResult(Id, name, DnsCheckStatus.Fail, $"{address} points to {string.Join(", ", published)}, not to {host}",
                published, expected, [publishPtr], [provider]);
        }
        // Forward confirmation: the name the PTR gives must have the address among its A/AAAA records.
        if (!context.HostnameAddresses.Contains(address))
        {
            if (context.HostnameLookupFailed)
                return DnsCheckResult.DnsError(Id, name, expected, $"{host} (A/AAAA)") with { Published = published };
            return new DnsCheckResult(Id, name, DnsCheckStatus.Fail, $"{address} points to {host}, but {host} does not resolve to {address}",
                published, expected, [ZoneFile.Address(host, address)], []);
        }
        return new DnsCheckResult(Id, name, DnsCheckStatus.Ok, $"{address} points to {host}, which resolves back to it", published, expected, [], []);
    }
}
