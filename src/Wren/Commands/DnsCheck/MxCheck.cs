using System.Globalization;
using Wren.Mail.Dns;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>
/// MX: the domain's mail exchangers include Wren's host name (RFC 5321 §5.1), and the host name's A/AAAA records
/// carry the public address, so that the MX target reaches this server.
/// </summary>
public static class MxCheck
{
    /// <summary>The check's id.</summary>
    public const string Id = "mx";

    /// <summary>The preference suggested for a new MX record.</summary>
    public const int SuggestedPreference = 10;

    /// <summary>Runs the check on what <paramref name="context"/> looked up.</summary>
    public static DnsCheckResult Run(DnsCheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string domain = context.Domain, host = context.Hostname;
        string expected = $"an MX record naming {host}, whose A/AAAA records include the public address";
        DnsLookup<MxRecord> mx = context.Mx;
        if (mx.Status == DnsStatus.TemporaryFailure)
            return DnsCheckResult.DnsError(Id, domain, expected, $"{domain} (MX)");
        string[] published = [.. mx.Records.OrderBy(r => r.Preference).Select(r => $"{r.Preference.ToString(CultureInfo.InvariantCulture)} {r.Exchange}")];
        string addMx = ZoneFile.Mx(domain, SuggestedPreference, host);

        if (mx.Status == DnsStatus.NameNotFound)
            return Fail($"{domain} does not exist in DNS (NXDOMAIN)", [addMx]);
        // RFC 7505 §3: a null MX (a single MX with target ".") says the domain accepts no mail.
        if (mx.Records.Any(r => r.Exchange == "."))
            return Fail($"{domain} has a null MX (RFC 7505): it says it accepts no mail; replace it with", [addMx]);
        // RFC 5321 §5.1: without MX records senders fall back to the domain's own A/AAAA (the implicit MX);
        // Wren expects an explicit MX naming the host it runs on.
        if (mx.Records.Count == 0)
            return Fail($"{domain} has no MX record", [addMx]);
        if (!context.HostnameIsMx)
            return Fail($"{host} is not among {domain}'s MX hosts", [addMx]);

        if (context.HostnameLookupFailed)
            return DnsCheckResult.DnsError(Id, domain, expected, $"{host} (A/AAAA)");
        if (context.HostnameAddresses.Count == 0)
        {
            return context.PublicAddressConfigured
                ? Fail($"{host} has no A or AAAA record", [ZoneFile.Address(host, context.Options.PublicAddress!)])
                : new DnsCheckResult(Id, domain, DnsCheckStatus.Fail, $"{host} has no A or AAAA record", published, expected, [],
                    [$"publish {host}'s A (and AAAA) record with the address Wren receives mail on"]);
        }
        if (context.Options.PublicAddress is { } address && !context.HostnameAddresses.Contains(address))
        {
            return Fail($"{host} resolves to {string.Join(", ", context.HostnameAddresses)}, not to the public address {address}",
                [ZoneFile.Address(host, address)]);
        }
        int preference = mx.Records.Where(r => DnsCheckContext.SameName(r.Exchange, host)).Min(r => r.Preference);
        return new DnsCheckResult(Id, domain, DnsCheckStatus.Ok,
            $"{host} (preference {preference.ToString(CultureInfo.InvariantCulture)}) is an MX host, at {string.Join(", ", context.HostnameAddresses)}",
            published, expected, [], []);

        DnsCheckResult Fail(string summary, IReadOnlyList<string> publish) =>
            new(Id, domain, DnsCheckStatus.Fail, summary, published, expected, publish, []);
    }
}
