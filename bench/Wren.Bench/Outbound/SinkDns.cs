using System.Net;
using System.Net.Sockets;
using Wren.Mail.Dns;

namespace Wren.Bench.Outbound;

/// <summary>
/// The DNS the bench's Wren sees: the destination domain has one MX host whose address is the sink's; every
/// other name is NXDOMAIN (no MTA-STS policy, no TLSA records). Answers from memory and counts the lookups,
/// so the report can say how many DNS queries a delivered message cost.
/// </summary>
internal sealed class SinkDns(string domain, string mxHost, IPAddress sink) : IDnsResolver
{
    private long lookups;

    /// <summary>Lookups answered so far (every type).</summary>
    public long Lookups => Interlocked.Read(ref lookups);

    public Task<DnsLookup<MxRecord>> LookupMxAsync(string name, CancellationToken cancellationToken = default) =>
        Answer(Is(name, domain) ? new DnsLookup<MxRecord>(DnsStatus.Success, [new MxRecord(10, mxHost)]) : DnsLookup<MxRecord>.NotFound);

    public Task<DnsLookup<IPAddress>> LookupAAsync(string name, CancellationToken cancellationToken = default) =>
        Address(name, AddressFamily.InterNetwork);

    public Task<DnsLookup<IPAddress>> LookupAaaaAsync(string name, CancellationToken cancellationToken = default) =>
        Address(name, AddressFamily.InterNetworkV6);

    public Task<DnsLookup<string>> LookupTxtAsync(string name, CancellationToken cancellationToken = default) =>
        Answer(DnsLookup<string>.NotFound);

    public Task<DnsLookup<TlsaRecord>> LookupTlsaAsync(string name, CancellationToken cancellationToken = default) =>
        Answer(DnsLookup<TlsaRecord>.NotFound);

    public Task<DnsLookup<string>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken = default) =>
        Answer(DnsLookup<string>.NotFound);

    // The host exists; it has an address of one family only (NODATA for the other).
    private Task<DnsLookup<IPAddress>> Address(string name, AddressFamily family)
    {
        if (!Is(name, mxHost))
            return Answer(DnsLookup<IPAddress>.NotFound);
        IPAddress[] records = sink.AddressFamily == family ? [sink] : [];
        return Answer(new DnsLookup<IPAddress>(DnsStatus.Success, records));
    }

    private Task<DnsLookup<T>> Answer<T>(DnsLookup<T> answer)
    {
        Interlocked.Increment(ref lookups);
        return Task.FromResult(answer);
    }

    private static bool Is(string name, string expected) =>
        string.Equals(name.TrimEnd('.'), expected, StringComparison.OrdinalIgnoreCase);
}
