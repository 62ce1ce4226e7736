using System.Net;
using System.Net.Sockets;
using System.Text;
using Wren.Mail.Dns;

namespace Wren.MailAuth.Tests.Spf;

/// <summary>
/// A zone in memory behind <see cref="IDnsResolver"/>: names are case-insensitive, a name absent from the zone is
/// NXDOMAIN, a name with records of other types only is NODATA, CNAMEs are followed (a loop is a failure), and a
/// name marked with <see cref="AddTimeout"/> fails (TemporaryFailure) for every type it has no records of.
/// Every query is logged in <see cref="Queries"/> as "TYPE name".
/// </summary>
internal sealed class InMemoryDnsResolver : IDnsResolver
{
    private readonly Dictionary<string, List<(string Type, object Value)>> _zone = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _queries = [];

    /// <summary>The queries asked so far, "TXT example.com".</summary>
    public IReadOnlyList<string> Queries => _queries;

    /// <summary>Makes <paramref name="name"/> exist (so lookups of it give NODATA rather than NXDOMAIN).</summary>
    public InMemoryDnsResolver AddName(string name)
    {
        Entries(name);
        return this;
    }

    /// <summary>Adds an A record.</summary>
    public InMemoryDnsResolver AddA(string name, string address) => Add(name, "A", IPAddress.Parse(address));

    /// <summary>Adds an AAAA record.</summary>
    public InMemoryDnsResolver AddAaaa(string name, string address) => Add(name, "AAAA", IPAddress.Parse(address));

    /// <summary>Adds a TXT record (its strings already joined).</summary>
    public InMemoryDnsResolver AddTxt(string name, string text) => Add(name, "TXT", text);

    /// <summary>Adds an MX record; an empty exchange is a null MX (".").</summary>
    public InMemoryDnsResolver AddMx(string name, int preference, string exchange)
    {
        string host = exchange.TrimEnd('.');
        return Add(name, "MX", new MxRecord(preference, host.Length == 0 ? "." : host));
    }

    /// <summary>Adds a PTR record at the reverse name of <paramref name="address"/>.</summary>
    public InMemoryDnsResolver AddPtr(string address, string target) => Add(ReverseName(IPAddress.Parse(address)), "PTR", target);

    /// <summary>Adds a PTR record at the (reverse) name <paramref name="reverseName"/>.</summary>
    public InMemoryDnsResolver AddPtrAt(string reverseName, string target) => Add(reverseName, "PTR", target);

    /// <summary>Makes <paramref name="name"/> an alias of <paramref name="target"/>.</summary>
    public InMemoryDnsResolver AddCname(string name, string target) => Add(name, "CNAME", target);

    /// <summary>Makes lookups of <paramref name="name"/> time out (SERVFAIL-like) for every type it has no records of.</summary>
    public InMemoryDnsResolver AddTimeout(string name) => Add(name, "TIMEOUT", true);

    /// <summary>Adds a record of any type (SPF-type records are kept but never served: SPF looks up TXT only).</summary>
    public InMemoryDnsResolver Add(string name, string type, object value)
    {
        Entries(name).Add((type, value));
        return this;
    }

    /// <summary>True when <paramref name="name"/> has a record of <paramref name="type"/>.</summary>
    public bool Has(string name, string type) =>
        _zone.TryGetValue(Normalize(name), out var entries) && entries.Any(e => e.Type == type);

    public Task<DnsLookup<MxRecord>> LookupMxAsync(string domain, CancellationToken cancellationToken = default) =>
        Task.FromResult(Lookup<MxRecord>(domain, "MX"));

    public Task<DnsLookup<IPAddress>> LookupAAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Lookup<IPAddress>(name, "A"));

    public Task<DnsLookup<IPAddress>> LookupAaaaAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Lookup<IPAddress>(name, "AAAA"));

    public Task<DnsLookup<string>> LookupTxtAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Lookup<string>(name, "TXT"));

    public Task<DnsLookup<TlsaRecord>> LookupTlsaAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Lookup<TlsaRecord>(name, "TLSA"));

    public Task<DnsLookup<string>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        // Served as DnsClientResolver does: names without the trailing dot.
        DnsLookup<string> found = Lookup<string>(ReverseName(address), "PTR");
        return Task.FromResult(found with { Records = found.Records.Select(n => n.TrimEnd('.')).ToList() });
    }

    /// <summary>The in-addr.arpa or ip6.arpa name of <paramref name="address"/>.</summary>
    public static string ReverseName(IPAddress address)
    {
        byte[] bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return string.Join('.', bytes.Reverse()) + ".in-addr.arpa";
        var name = new StringBuilder();
        foreach (byte b in bytes.Reverse())
            name.Append("0123456789abcdef"[b & 0xF]).Append('.').Append("0123456789abcdef"[b >> 4]).Append('.');
        return name.Append("ip6.arpa").ToString();
    }

    private DnsLookup<T> Lookup<T>(string name, string type)
    {
        _queries.Add(type + " " + name);
        string key = Normalize(name);
        // A name with an empty or over-long label cannot be asked for (a real stub resolver refuses it too).
        if (key.Length == 0 || key.Split('.').Any(l => l.Length is 0 or > 63))
            return DnsLookup<T>.NotFound;
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            if (!_zone.TryGetValue(key, out var entries))
                return DnsLookup<T>.NotFound;
            List<T> records = entries.Where(e => e.Type == type).Select(e => (T)e.Value).ToList();
            if (records.Count > 0)
                return new DnsLookup<T>(DnsStatus.Success, records);
            (string Type, object Value) cname = entries.FirstOrDefault(e => e.Type == "CNAME");
            if (cname.Type is not null)
            {
                // RFC 1034 §3.6.2: a CNAME loop is an error.
                if (!visited.Add(key))
                    return DnsLookup<T>.Failure;
                key = Normalize((string)cname.Value);
                continue;
            }
            return entries.Any(e => e.Type == "TIMEOUT") ? DnsLookup<T>.Failure : new DnsLookup<T>(DnsStatus.Success, []);
        }
    }

    private List<(string Type, object Value)> Entries(string name)
    {
        string key = Normalize(name);
        if (!_zone.TryGetValue(key, out var entries))
            _zone[key] = entries = [];
        return entries;
    }

    private static string Normalize(string name) => name.Length > 1 ? name.TrimEnd('.') : name;
}
