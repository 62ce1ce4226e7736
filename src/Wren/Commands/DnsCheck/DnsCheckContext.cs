using System.Net;
using Wren.Mail.Dns;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>
/// What several checks need, looked up once before they run: the domain's MX records, the host name's addresses,
/// and the public addresses (configured, or the host name's).
/// </summary>
public sealed class DnsCheckContext
{
    private DnsCheckContext(DnsCheckOptions options, IDnsResolver dns, DnsLookup<MxRecord> mx,
        DnsLookup<IPAddress> hostA, DnsLookup<IPAddress> hostAaaa)
    {
        Options = options;
        Dns = dns;
        Mx = mx;
        HostnameLookupFailed = hostA.Status == DnsStatus.TemporaryFailure || hostAaaa.Status == DnsStatus.TemporaryFailure;
        HostnameAddresses = [.. hostA.Records, .. hostAaaa.Records];
        PublicAddresses = options.PublicAddress is { } configured ? [configured] : HostnameAddresses;
    }

    /// <summary>The options.</summary>
    public DnsCheckOptions Options { get; }

    /// <summary>The resolver every check asks.</summary>
    public IDnsResolver Dns { get; }

    /// <summary>The mail domain.</summary>
    public string Domain => Options.Domain;

    /// <summary>Wren's host name.</summary>
    public string Hostname => Options.Hostname;

    /// <summary>The MX lookup of <see cref="Domain"/>.</summary>
    public DnsLookup<MxRecord> Mx { get; }

    /// <summary>The A and AAAA records of <see cref="Hostname"/> (those that could be found).</summary>
    public IReadOnlyList<IPAddress> HostnameAddresses { get; }

    /// <summary>True when the A or AAAA lookup of <see cref="Hostname"/> failed temporarily.</summary>
    public bool HostnameLookupFailed { get; }

    /// <summary>True when the public address comes from <c>PublicAddress</c>, false when from <see cref="Hostname"/>'s addresses.</summary>
    public bool PublicAddressConfigured => Options.PublicAddress is not null;

    /// <summary>The addresses other servers see Wren connect from.</summary>
    public IReadOnlyList<IPAddress> PublicAddresses { get; }

    /// <summary>True when the public addresses are unknown because the host name's lookup failed temporarily.</summary>
    public bool PublicAddressesUnknown => !PublicAddressConfigured && HostnameLookupFailed;

    /// <summary>True when <see cref="Hostname"/> is one of <see cref="Domain"/>'s MX hosts.</summary>
    public bool HostnameIsMx => Mx.Records.Any(r => SameName(r.Exchange, Hostname));

    /// <summary>Looks up what the checks share.</summary>
    public static async Task<DnsCheckContext> CreateAsync(DnsCheckOptions options, IDnsResolver dns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dns);
        Task<DnsLookup<MxRecord>> mx = dns.LookupMxAsync(options.Domain, cancellationToken);
        Task<DnsLookup<IPAddress>> a = dns.LookupAAsync(options.Hostname, cancellationToken);
        Task<DnsLookup<IPAddress>> aaaa = dns.LookupAaaaAsync(options.Hostname, cancellationToken);
        await Task.WhenAll(mx, a, aaaa);
        return new DnsCheckContext(options, dns, await mx, await a, await aaaa);
    }

    /// <summary>DNS names compare case-insensitively, a trailing dot ignored (RFC 4343).</summary>
    public static bool SameName(string a, string b) =>
        string.Equals(a.TrimEnd('.'), b.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The public addresses as text, for messages: <c>192.0.2.1, 2001:db8::1</c>.</summary>
    public string PublicAddressText => string.Join(", ", PublicAddresses);

    /// <summary>
    /// The result a check that needs the public addresses gives when there are none: ERROR when the host name's
    /// lookup failed, else FAIL saying how to name one; null when there are addresses.
    /// </summary>
    public DnsCheckResult? WithoutPublicAddress(string check, string name, string expected)
    {
        if (PublicAddresses.Count > 0)
            return null;
        if (PublicAddressesUnknown)
            return DnsCheckResult.DnsError(check, name, expected, $"{Hostname} (A/AAAA, for the public address)");
        return new DnsCheckResult(check, name, DnsCheckStatus.Fail,
            $"no public address: PublicAddress is not set and {Hostname} has no A or AAAA record", [], expected, [],
            [$"set PublicAddress to the address Wren sends from, and publish it as {Hostname}'s A or AAAA record"]);
    }
}
