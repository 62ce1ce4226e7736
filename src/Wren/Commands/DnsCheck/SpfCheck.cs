using System.Net;
using System.Net.Sockets;
using Wren.Mail.Dns;
using Wren.MailAuth.Spf;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>
/// SPF: the domain's record authorizes every public address, i.e. check_host() (RFC 7208 §4) gives pass for each,
/// with MAIL FROM postmaster@DOMAIN and HELO the host name.
/// </summary>
public static class SpfCheck
{
    /// <summary>The check's id.</summary>
    public const string Id = "spf";

    /// <summary>Runs the check.</summary>
    public static async Task<DnsCheckResult> RunAsync(DnsCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string domain = context.Domain;
        string expected = context.PublicAddresses.Count > 0
            ? $"one v=spf1 record for which check_host() gives pass for {context.PublicAddressText} (RFC 7208 §2.6.3)"
            : "one v=spf1 record for which check_host() gives pass for the public address (RFC 7208 §2.6.3)";

        DnsLookup<string> txt = await context.Dns.LookupTxtAsync(domain, cancellationToken);
        if (txt.Status == DnsStatus.TemporaryFailure)
            return DnsCheckResult.DnsError(Id, domain, expected, $"{domain} (TXT)");
        // RFC 7208 §4.5: SPF records are the TXT records starting with "v=spf1" followed by a space or their end.
        string[] published = [.. txt.Records.Where(IsSpfRecord)];
        if (context.WithoutPublicAddress(Id, domain, expected) is { } noAddress)
            return noAddress with { Published = published };

        var checker = new SpfChecker(context.Dns, new SpfOptions { ReceiverName = context.Hostname, Timeout = context.Options.SpfTimeout });
        var failing = new List<(IPAddress Address, SpfResult Result)>();
        foreach (IPAddress address in context.PublicAddresses)
        {
            SpfResult result = await checker.CheckHostAsync(address, domain, "postmaster@" + domain, context.Hostname, cancellationToken);
            if (result.Verdict == SpfVerdict.TempError)
            {
                return new DnsCheckResult(Id, domain, DnsCheckStatus.Error,
                    $"check_host() for {address} gave temperror{Because(result)}: nothing is known; try again", published, expected, [], []);
            }
            if (result.Verdict != SpfVerdict.Pass)
                failing.Add((address, result));
        }
        if (failing.Count == 0)
            return new DnsCheckResult(Id, domain, DnsCheckStatus.Ok, $"pass for {context.PublicAddressText}", published, expected, [], []);

        string summary = published.Length == 0
            ? $"{domain} has no SPF record"
            : string.Join("; ", failing.Select(f => $"{Verdict(f.Result.Verdict)} for {f.Address}{Because(f.Result)}"));
        string record = Suggest(context, published, failing);
        IReadOnlyList<string> notes = published.Length == 1 && failing.All(f => f.Result.Verdict != SpfVerdict.PermError)
            ? ["the suggestion keeps the published record and adds the missing addresses in front"]
            : published.Length > 1 ? ["publish only this one v=spf1 record: several make every check a permerror (RFC 7208 §4.5)"] : [];
        return new DnsCheckResult(Id, domain, DnsCheckStatus.Fail, summary, published, expected, [ZoneFile.Txt(domain, record)], notes);
    }

    /// <summary>True for a TXT record that is an SPF record (RFC 7208 §4.5: "v=spf1", case-insensitive, then a space or the end).</summary>
    public static bool IsSpfRecord(string text) =>
        text.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase) && (text.Length == 6 || text[6] == ' ');

    // One published record that merely lacks addresses: keep it and add them after the version. Otherwise a new
    // record: "mx" when Wren is the domain's MX at the public addresses, else the addresses themselves.
    private static string Suggest(DnsCheckContext context, string[] published, List<(IPAddress Address, SpfResult Result)> failing)
    {
        IEnumerable<string> missing = failing.Select(f => Mechanism(f.Address));
        if (published.Length == 1 && failing.All(f => f.Result.Verdict != SpfVerdict.PermError))
            return "v=spf1 " + string.Join(' ', missing) + published[0][6..];
        bool mxCovers = context.HostnameIsMx && context.PublicAddresses.All(context.HostnameAddresses.Contains);
        return mxCovers
            ? "v=spf1 mx -all"
            : "v=spf1 " + string.Join(' ', context.PublicAddresses.Select(Mechanism)) + " -all";
    }

    // RFC 7208 §5.6: ip4:<ip4-network> / ip6:<ip6-network>.
    private static string Mechanism(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? $"ip4:{address.MapToIPv4()}"
        : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"ip6:{address}" : $"ip4:{address}";

    private static string Verdict(SpfVerdict verdict) => verdict.ToString().ToLowerInvariant();

    private static string Because(SpfResult result) => result.Problem is { Length: > 0 } problem ? $" ({problem})" : "";
}
