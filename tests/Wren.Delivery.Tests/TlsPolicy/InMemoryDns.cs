using System.Collections.Concurrent;
using System.Net;
using Wren.Mail.Dns;

namespace Wren.Delivery.Tests.TlsPolicy;

/// <summary>An <see cref="IDnsResolver"/> answering from dictionaries; unknown names are NXDOMAIN.</summary>
internal sealed class InMemoryDns : IDnsResolver
{
    public ConcurrentDictionary<string, DnsLookup<IPAddress>> A { get; } = new(StringComparer.OrdinalIgnoreCase);
    public ConcurrentDictionary<string, DnsLookup<IPAddress>> Aaaa { get; } = new(StringComparer.OrdinalIgnoreCase);
    public ConcurrentDictionary<string, DnsLookup<string>> Txt { get; } = new(StringComparer.OrdinalIgnoreCase);
    public ConcurrentDictionary<string, DnsLookup<TlsaRecord>> Tlsa { get; } = new(StringComparer.OrdinalIgnoreCase);
    public ConcurrentDictionary<string, DnsLookup<MxRecord>> Mx { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every name asked, with its type, in order.</summary>
    public ConcurrentQueue<string> Queries { get; } = new();

    public void SetA(string name, params IPAddress[] addresses) => A[name] = new(DnsStatus.Success, addresses);
    public void SetTxt(string name, params string[] records) => Txt[name] = new(DnsStatus.Success, records);
    public void SetTlsa(string name, bool authenticated, params TlsaRecord[] records) => Tlsa[name] = new(DnsStatus.Success, records, authenticated);

    public Task<DnsLookup<MxRecord>> LookupMxAsync(string domain, CancellationToken cancellationToken = default) => Answer("MX", domain, Mx);
    public Task<DnsLookup<IPAddress>> LookupAAsync(string name, CancellationToken cancellationToken = default) => Answer("A", name, A);
    public Task<DnsLookup<IPAddress>> LookupAaaaAsync(string name, CancellationToken cancellationToken = default) => Answer("AAAA", name, Aaaa);
    public Task<DnsLookup<string>> LookupTxtAsync(string name, CancellationToken cancellationToken = default) => Answer("TXT", name, Txt);
    public Task<DnsLookup<TlsaRecord>> LookupTlsaAsync(string name, CancellationToken cancellationToken = default) => Answer("TLSA", name, Tlsa);
    public Task<DnsLookup<string>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken = default) => Task.FromResult(DnsLookup<string>.NotFound);

    private Task<DnsLookup<T>> Answer<T>(string type, string name, ConcurrentDictionary<string, DnsLookup<T>> table)
    {
        Queries.Enqueue($"{type} {name}");
        return Task.FromResult(table.TryGetValue(name, out DnsLookup<T>? answer) ? answer : DnsLookup<T>.NotFound);
    }
}
