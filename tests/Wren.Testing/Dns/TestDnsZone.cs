using System.Net;
using System.Net.Sockets;
using System.Text;
using Wren.Mail.Dns;

namespace Wren.Testing.Dns;

/// <summary>
/// The records, failures and query log shared by <see cref="TestDnsServer"/> (answers on the wire) and
/// <see cref="FakeDnsResolver"/> (answers in memory). Names are compared case-insensitively and kept in
/// whatever form they are added (A-labels for internationalized names). Safe to change while queries run.
/// </summary>
public abstract class TestDnsZone
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<ZoneRecord>> _records = [];
    private readonly Dictionary<(string Name, DnsType? Type), ZoneOutcome> _faults = [];
    private readonly HashSet<string> _authenticated = [];
    private readonly List<TestDnsQuery> _queries = [];

    /// <summary>TTL written on every answer record, in seconds.</summary>
    public uint Ttl { get; set; } = 60;

    /// <summary>Adds an MX record; <paramref name="host"/> "." makes a null MX (RFC 7505).</summary>
    public void AddMx(string domain, int preference, string host) =>
        Add(domain, DnsType.Mx, new MxRecord(preference, Normalize(host)));

    /// <summary>Adds A records.</summary>
    public void AddA(string name, params string[] addresses) =>
        AddAddresses(name, DnsType.A, AddressFamily.InterNetwork, addresses);

    /// <summary>Adds AAAA records.</summary>
    public void AddAaaa(string name, params string[] addresses) =>
        AddAddresses(name, DnsType.Aaaa, AddressFamily.InterNetworkV6, addresses);

    /// <summary>Adds one TXT record made of <paramref name="strings"/> (each at most 255 bytes, RFC 1035 §3.3).</summary>
    public void AddTxt(string name, params string[] strings)
    {
        if (strings.Any(s => Encoding.UTF8.GetByteCount(s) > 255))
            throw new ArgumentException("A TXT character-string holds at most 255 bytes.", nameof(strings));
        Add(name, DnsType.Txt, strings.ToArray());
    }

    /// <summary>Adds a TLSA record (RFC 6698 §2.1).</summary>
    public void AddTlsa(string name, byte usage, byte selector, byte matchingType, byte[] data) =>
        Add(name, DnsType.Tlsa, new TlsaRecord(usage, selector, matchingType, data.ToArray()));

    /// <summary>Makes <paramref name="name"/> an alias of <paramref name="target"/>.</summary>
    public void AddCname(string name, string target) => Add(name, DnsType.Cname, Normalize(target));

    /// <summary>Adds a PTR record for <paramref name="address"/> under in-addr.arpa or ip6.arpa.</summary>
    public void AddPtr(IPAddress address, string host) => Add(ReverseName(address), DnsType.Ptr, Normalize(host));

    /// <summary>Queries for <paramref name="name"/> (of <paramref name="type"/>, or any type) get SERVFAIL.</summary>
    public void Fail(string name, DnsType? type = null) => SetFault(name, type, ZoneOutcome.ServerFailure);

    /// <summary>Queries for <paramref name="name"/> (of <paramref name="type"/>, or any type) get REFUSED.</summary>
    public void Refuse(string name, DnsType? type = null) => SetFault(name, type, ZoneOutcome.Refused);

    /// <summary>Queries for <paramref name="name"/> (of <paramref name="type"/>, or any type) are never answered: the asker times out.</summary>
    public void Drop(string name, DnsType? type = null) => SetFault(name, type, ZoneOutcome.Drop);

    /// <summary>Answers for <paramref name="name"/> carry AD=1, as from a validating resolver.</summary>
    public void Authenticated(string name)
    {
        lock (_lock)
            _authenticated.Add(Normalize(name));
    }

    /// <summary>Removes every record, fault and AD mark of <paramref name="name"/>.</summary>
    public void Remove(string name)
    {
        string key = Normalize(name);
        lock (_lock)
        {
            _records.Remove(key);
            _authenticated.Remove(key);
            foreach (var fault in _faults.Keys.Where(k => k.Name == key).ToList())
                _faults.Remove(fault);
        }
    }

    /// <summary>Every query so far, in arrival order.</summary>
    public IReadOnlyList<TestDnsQuery> Queries
    {
        get
        {
            lock (_lock)
                return _queries.ToList();
        }
    }

    /// <summary>How many queries arrived so far.</summary>
    public int QueryCount
    {
        get
        {
            lock (_lock)
                return _queries.Count;
        }
    }

    /// <summary>Lower case, no trailing dot (the root stays ".").</summary>
    internal static string Normalize(string name)
    {
        string trimmed = name.Trim();
        return trimmed == "." ? "." : trimmed.TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>Logs <paramref name="query"/> and answers it from the zone, following CNAMEs (RFC 1034 §4.3.2).</summary>
    internal ZoneAnswer Answer(TestDnsQuery query)
    {
        lock (_lock)
        {
            _queries.Add(query);
            bool authenticated = _authenticated.Contains(query.Name);
            var answer = new List<ZoneRecord>();
            string name = query.Name;
            for (int hop = 0; hop < 8; hop++)
            {
                if (_faults.TryGetValue((name, query.Type), out ZoneOutcome fault) || _faults.TryGetValue((name, null), out fault))
                    return new ZoneAnswer(fault, [], authenticated);
                List<ZoneRecord> here = _records.GetValueOrDefault(name) ?? [];
                List<ZoneRecord> matching = here.Where(r => r.Type == query.Type).ToList();
                if (matching.Count > 0)
                    return new ZoneAnswer(ZoneOutcome.NoError, [.. answer, .. matching], authenticated);
                ZoneRecord? alias = here.FirstOrDefault(r => r.Type == DnsType.Cname);
                if (alias is null)
                {
                    // RFC 8020: a name with records of other types, or with names below it, exists (NODATA);
                    // anything else is NXDOMAIN. RFC 6604 §3: the RCODE speaks of the last name in a chain.
                    bool exists = _records.Keys.Any(k => k == name || k.EndsWith("." + name, StringComparison.Ordinal));
                    return new ZoneAnswer(exists ? ZoneOutcome.NoError : ZoneOutcome.NameError, answer, authenticated);
                }
                answer.Add(alias);
                name = (string)alias.Data;
            }
            return new ZoneAnswer(ZoneOutcome.ServerFailure, [], authenticated); // a CNAME loop
        }
    }

    /// <summary>RFC 1035 §3.5 / RFC 3596 §2.5: the reverse name, octets (or nibbles) last to first.</summary>
    internal static string ReverseName(IPAddress address)
    {
        byte[] bytes = address.GetAddressBytes();
        IEnumerable<string> labels = address.AddressFamily == AddressFamily.InterNetwork
            ? bytes.Reverse().Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : bytes.Reverse().SelectMany(b => new[] { (b & 0xF).ToString("x"), (b >> 4).ToString("x") });
        return string.Join('.', labels) + (address.AddressFamily == AddressFamily.InterNetwork ? ".in-addr.arpa" : ".ip6.arpa");
    }

    private void AddAddresses(string name, DnsType type, AddressFamily family, string[] addresses)
    {
        foreach (string text in addresses)
        {
            IPAddress address = IPAddress.Parse(text);
            if (address.AddressFamily != family)
                throw new ArgumentException($"'{text}' is not an address for a {type} record.", nameof(addresses));
            Add(name, type, address);
        }
    }

    private void Add(string name, DnsType type, object data)
    {
        string key = Normalize(name);
        lock (_lock)
        {
            if (!_records.TryGetValue(key, out List<ZoneRecord>? list))
                _records[key] = list = [];
            list.Add(new ZoneRecord(key, type, data));
        }
    }

    private void SetFault(string name, DnsType? type, ZoneOutcome outcome)
    {
        lock (_lock)
            _faults[(Normalize(name), type)] = outcome;
    }
}

/// <summary>How the zone answers a query.</summary>
internal enum ZoneOutcome
{
    NoError,
    NameError,
    ServerFailure,
    Refused,
    Drop,
}

/// <summary>One record: <see cref="Data"/> is an IPAddress (A, AAAA), MxRecord, string[] (TXT), TlsaRecord or a target name (CNAME, PTR).</summary>
internal sealed record ZoneRecord(string Owner, DnsType Type, object Data);

/// <summary>The zone's answer: outcome, answer-section records (CNAME chain first) and the AD bit.</summary>
internal sealed record ZoneAnswer(ZoneOutcome Outcome, IReadOnlyList<ZoneRecord> Records, bool Authenticated);
