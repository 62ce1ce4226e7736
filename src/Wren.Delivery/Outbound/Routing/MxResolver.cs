using System.Net;
using System.Net.Sockets;
using Wren.Mail.Addresses;
using Wren.Mail.Dns;

namespace Wren.Delivery.Outbound.Routing;

/// <summary>
/// Finds where to deliver mail for one recipient domain: RFC 5321 §5.1 (MX records by preference, random among
/// equals, the implicit MX), RFC 7505 (null MX), RFC 5321 §4.1.3 (address literals), and each host's A and AAAA
/// addresses. DNS outcomes become permanent or temporary <see cref="RoutingFailure"/>s; nothing here throws for them.
/// </summary>
public sealed class MxResolver
{
    private readonly IDnsResolver _dns;
    private readonly MxResolverOptions _options;
    private readonly Random _random;

    /// <summary>Creates a resolver over <paramref name="dns"/>.</summary>
    /// <param name="dns">The DNS lookups.</param>
    /// <param name="options">Limits and preferences (defaults when null).</param>
    /// <param name="random">Shuffles MX hosts of equal preference; tests pass a seeded one.</param>
    public MxResolver(IDnsResolver dns, MxResolverOptions? options = null, Random? random = null)
    {
        _dns = dns;
        _options = options ?? new MxResolverOptions();
        _random = random ?? Random.Shared;
    }

    /// <summary>Resolves <paramref name="domain"/> (a domain name, U-labels allowed, or an address literal) to hosts to try.</summary>
    public async Task<MxResolution> ResolveAsync(string domain, CancellationToken cancellationToken = default)
    {
        string name = domain.Trim().TrimEnd('.');
        if (name.StartsWith('['))
            return ResolveLiteral(name);

        DnsLookup<MxRecord> mx = await _dns.LookupMxAsync(name, cancellationToken).ConfigureAwait(false);
        // RFC 5321 §5.1: a temporary error means queue and retry; a non-existent domain MUST be reported as an error.
        if (mx.Status == DnsStatus.TemporaryFailure)
            return MxResolution.Temporary("4.4.3", $"The MX lookup for {name} failed temporarily.");
        if (mx.Status == DnsStatus.NameNotFound)
            return MxResolution.Permanent("5.1.2", $"The domain {name} does not exist.");

        bool implicitMx = mx.Records.Count == 0;
        List<MxRecord> targets;
        if (implicitMx)
        {
            // RFC 5321 §5.1: an empty MX list means an implicit MX of preference 0 pointing at the domain itself.
            targets = [new MxRecord(0, name)];
        }
        else
        {
            // RFC 7505 §3-4.1: a null MX ("." as exchange) says the domain accepts no mail; a "." among other MX
            // records is a misconfiguration that says the same, so it is honoured too.
            if (mx.Records.Any(r => r.Exchange == "."))
                return MxResolution.Permanent("5.1.10", $"The domain {name} accepts no mail (null MX, RFC 7505).");
            targets = DropSelfAndWorse(Order(mx.Records));
            if (targets.Count == 0)
                return MxResolution.Permanent("5.4.6", $"The MX records of {name} point back at this server (mail loop).");
            targets = targets.Take(Math.Max(1, _options.MaxMxHosts)).ToList();
        }

        (MxHost? Host, bool TemporaryFailure)[] hosts = await Task.WhenAll(
            targets.Select(t => ResolveHostAsync(t, cancellationToken))).ConfigureAwait(false);
        List<MxHost> usable = hosts.Where(h => h.Host is not null).Select(h => h.Host!).ToList();
        if (usable.Count > 0)
            return new MxResolution(usable, mx.Authenticated, null);

        // RFC 5321 §5.1: MX records present but none usable, or an unusable implicit MX, MUST be reported as an
        // error, unless a lookup failed temporarily and a retry may find the addresses.
        if (hosts.Any(h => h.TemporaryFailure))
            return MxResolution.Temporary("4.4.3", $"The address lookups for the mail hosts of {name} failed temporarily.");
        return implicitMx
            ? MxResolution.Permanent("5.1.2", $"The domain {name} has no MX record and no address: it accepts no mail.")
            : MxResolution.Permanent("5.4.4", $"None of the MX hosts of {name} has an address.");
    }

    // RFC 5321 §4.1.3: [192.0.2.1] and [IPv6:2001:db8::1] name the host directly; no DNS is involved.
    private static MxResolution ResolveLiteral(string literal)
    {
        if (!AddressLiteral.TryParse(literal, out string? normalized))
            return MxResolution.Permanent("5.1.3", $"{literal} is not a valid address literal.");
        string inner = normalized![1..^1];
        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
            inner = inner[5..];
        return new MxResolution([new MxHost(normalized, 0, [IPAddress.Parse(inner)])], false, null);
    }

    // RFC 5321 §5.1: lowest preference first; hosts of equal preference in random order (SHOULD randomize),
    // spreading the load as the domain intended. A host listed twice keeps its lowest preference.
    private List<MxRecord> Order(IReadOnlyList<MxRecord> records)
    {
        var ordered = new List<MxRecord>();
        IEnumerable<MxRecord> unique = records
            .GroupBy(r => r.Exchange, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.MinBy(r => r.Preference)!);
        foreach (IGrouping<int, MxRecord> group in unique.GroupBy(r => r.Preference).OrderBy(g => g.Key))
        {
            MxRecord[] equals = group.ToArray();
            _random.Shuffle(equals);
            ordered.AddRange(equals);
        }
        return ordered;
    }

    // RFC 5321 §5.1: if this server is one of the MX hosts, it MUST discard the records of its own preference
    // or higher (and delivers only to better ones).
    private List<MxRecord> DropSelfAndWorse(List<MxRecord> ordered)
    {
        MxRecord? self = ordered.FirstOrDefault(r => _options.LocalHostNames.Contains(r.Exchange, StringComparer.OrdinalIgnoreCase));
        return self is null ? ordered : ordered.Where(r => r.Preference < self.Preference).ToList();
    }

    private async Task<(MxHost? Host, bool TemporaryFailure)> ResolveHostAsync(MxRecord target, CancellationToken cancellationToken)
    {
        // RFC 5321 §5.1 wants a host name in an MX; an address there "lies outside the scope" of the standard.
        // Its meaning is plain, so it is tolerated and used directly (it grants no more than an A record would).
        if (TryParseAddress(target.Exchange, out IPAddress? literal))
        {
            IReadOnlyList<IPAddress> allowed = Arrange(
                literal!.AddressFamily == AddressFamily.InterNetwork ? [literal] : [],
                literal.AddressFamily == AddressFamily.InterNetworkV6 ? [literal] : []);
            return (allowed.Count > 0 ? new MxHost(target.Exchange, target.Preference, allowed) : null, false);
        }

        // An MX pointing at a CNAME is also outside the standard (RFC 2181 §10.3); resolvers follow the alias
        // for A/AAAA anyway, and so it is tolerated, keeping the MX name for TLS and DANE.
        bool wantV4 = _options.AddressOrder != AddressOrder.Ipv6Only;
        bool wantV6 = _options.AddressOrder != AddressOrder.Ipv4Only;
        Task<DnsLookup<IPAddress>>? v4 = wantV4 ? _dns.LookupAAsync(target.Exchange, cancellationToken) : null;
        Task<DnsLookup<IPAddress>>? v6 = wantV6 ? _dns.LookupAaaaAsync(target.Exchange, cancellationToken) : null;
        DnsLookup<IPAddress>? a = v4 is null ? null : await v4.ConfigureAwait(false);
        DnsLookup<IPAddress>? aaaa = v6 is null ? null : await v6.ConfigureAwait(false);
        DnsLookup<IPAddress>[] lookups = new[] { a, aaaa }.OfType<DnsLookup<IPAddress>>().ToArray();

        bool temporary = lookups.Any(l => l.Status == DnsStatus.TemporaryFailure);
        IReadOnlyList<IPAddress> addresses = Arrange(a?.Records ?? [], aaaa?.Records ?? []);
        if (addresses.Count == 0)
            return (null, temporary);
        bool authenticated = lookups.All(l => l.Authenticated);
        return (new MxHost(target.Exchange, target.Preference, addresses, authenticated), temporary);
    }

    private List<IPAddress> Arrange(IReadOnlyList<IPAddress> v4, IReadOnlyList<IPAddress> v6)
    {
        IEnumerable<IPAddress> ordered = _options.AddressOrder switch
        {
            AddressOrder.Ipv4Only => v4,
            AddressOrder.Ipv6Only => v6,
            AddressOrder.Ipv6First => v6.Concat(v4),
            AddressOrder.Interleaved => Interleave(v6, v4),
            _ => v4.Concat(v6),
        };
        return ordered.Distinct().Take(Math.Max(1, _options.MaxAddressesPerHost)).ToList();
    }

    private static IEnumerable<IPAddress> Interleave(IReadOnlyList<IPAddress> first, IReadOnlyList<IPAddress> second)
    {
        for (int i = 0; i < Math.Max(first.Count, second.Count); i++)
        {
            if (i < first.Count)
                yield return first[i];
            if (i < second.Count)
                yield return second[i];
        }
    }

    private static bool TryParseAddress(string exchange, out IPAddress? address)
    {
        address = null;
        string text = exchange.StartsWith('[') && exchange.EndsWith(']') ? exchange[1..^1] : exchange;
        if (text.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
            text = text[5..];
        // A dotted quad (strictly four parts: IPAddress.TryParse also takes "1" or "1.2") or an IPv6 address.
        bool looksLikeAddress = text.Contains(':') || (text.Count(c => c == '.') == 3 && text.All(c => char.IsAsciiDigit(c) || c == '.'));
        return looksLikeAddress && IPAddress.TryParse(text, out address);
    }
}
