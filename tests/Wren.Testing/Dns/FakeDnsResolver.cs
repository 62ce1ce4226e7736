using System.Net;
using Wren.Mail.Dns;

namespace Wren.Testing.Dns;

/// <summary>
/// An in-memory <see cref="IDnsResolver"/> over the zone API of <see cref="TestDnsZone"/>, for unit tests that
/// need no sockets. It answers as <c>DnsClientResolver</c> does against <see cref="TestDnsServer"/>: CNAMEs
/// followed, NXDOMAIN vs NODATA, AD where marked; SERVFAIL, REFUSED and dropped names (a timeout for a real
/// resolver) all end as <see cref="DnsStatus.TemporaryFailure"/>, at once. <see cref="TestDnsZone.Queries"/>
/// counts the lookups.
/// </summary>
public sealed class FakeDnsResolver : TestDnsZone, IDnsResolver
{
    /// <inheritdoc />
    public Task<DnsLookup<MxRecord>> LookupMxAsync(string domain, CancellationToken cancellationToken = default) =>
        Lookup(domain, DnsType.Mx, data => (MxRecord)data, cancellationToken);

    /// <inheritdoc />
    public Task<DnsLookup<IPAddress>> LookupAAsync(string name, CancellationToken cancellationToken = default) =>
        Lookup(name, DnsType.A, data => (IPAddress)data, cancellationToken);

    /// <inheritdoc />
    public Task<DnsLookup<IPAddress>> LookupAaaaAsync(string name, CancellationToken cancellationToken = default) =>
        Lookup(name, DnsType.Aaaa, data => (IPAddress)data, cancellationToken);

    /// <inheritdoc />
    public Task<DnsLookup<string>> LookupTxtAsync(string name, CancellationToken cancellationToken = default) =>
        Lookup(name, DnsType.Txt, data => string.Concat((string[])data), cancellationToken);

    /// <inheritdoc />
    public Task<DnsLookup<TlsaRecord>> LookupTlsaAsync(string name, CancellationToken cancellationToken = default) =>
        Lookup(name, DnsType.Tlsa, data => (TlsaRecord)data, cancellationToken);

    /// <inheritdoc />
    public Task<DnsLookup<string>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken = default) =>
        Lookup(ReverseName(address), DnsType.Ptr, data => (string)data, cancellationToken);

    private Task<DnsLookup<T>> Lookup<T>(string name, DnsType type, Func<object, T> convert, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ZoneAnswer answer = Answer(new TestDnsQuery(Normalize(name), type, OverTcp: false, DnssecOk: true));
        DnsLookup<T> result = answer.Outcome switch
        {
            ZoneOutcome.NoError => new DnsLookup<T>(DnsStatus.Success,
                answer.Records.Where(r => r.Type == type).Select(r => convert(r.Data)).ToList(), answer.Authenticated),
            ZoneOutcome.NameError => new DnsLookup<T>(DnsStatus.NameNotFound, [], answer.Authenticated),
            _ => DnsLookup<T>.Failure,
        };
        return Task.FromResult(result);
    }
}
