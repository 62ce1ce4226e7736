using System.Net;

namespace Wren.Mail.Dns;

/// <summary>
/// The DNS lookups Wren needs (delivery, SPF, DKIM, DMARC, MTA-STS, DANE), one method per record type.
/// Every lookup answers; none throws for a DNS outcome: NXDOMAIN, NODATA and failures are told apart by
/// <see cref="DnsLookup{T}.Status"/>, because SPF's void-lookup limit and RFC 5321's implicit MX depend on it.
/// Tests point implementations at a DNS server on loopback, never at the system's resolver.
/// </summary>
public interface IDnsResolver
{
    /// <summary>MX records of <paramref name="domain"/> (RFC 5321 §5.1), in the order the server gave them.</summary>
    Task<DnsLookup<MxRecord>> LookupMxAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>IPv4 addresses (A records) of <paramref name="name"/>, CNAMEs followed.</summary>
    Task<DnsLookup<IPAddress>> LookupAAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>IPv6 addresses (AAAA records) of <paramref name="name"/>, CNAMEs followed.</summary>
    Task<DnsLookup<IPAddress>> LookupAaaaAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>TXT records of <paramref name="name"/>, each record's strings concatenated (RFC 7208 §3.3).</summary>
    Task<DnsLookup<string>> LookupTxtAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>TLSA records (RFC 6698) of <paramref name="name"/>, e.g. <c>_25._tcp.mx.example.com</c>.</summary>
    Task<DnsLookup<TlsaRecord>> LookupTlsaAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>PTR names of <paramref name="address"/> (reverse DNS).</summary>
    Task<DnsLookup<string>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken = default);
}

/// <summary>How a lookup ended.</summary>
public enum DnsStatus
{
    /// <summary>The name exists; <see cref="DnsLookup{T}.Records"/> may still be empty (NODATA).</summary>
    Success,

    /// <summary>NXDOMAIN: the name does not exist (RCODE 3).</summary>
    NameNotFound,

    /// <summary>SERVFAIL, REFUSED, a timeout or an unreachable server: try again later.</summary>
    TemporaryFailure,
}

/// <summary>The answer to one lookup.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Records">The records of the asked type (empty unless <see cref="DnsStatus.Success"/>).</param>
/// <param name="Authenticated">The resolver set the AD bit: the answer is DNSSEC-validated (DANE needs it).</param>
public sealed record DnsLookup<T>(DnsStatus Status, IReadOnlyList<T> Records, bool Authenticated = false)
{
    /// <summary>An NXDOMAIN answer.</summary>
    public static DnsLookup<T> NotFound { get; } = new(DnsStatus.NameNotFound, []);

    /// <summary>A temporary failure.</summary>
    public static DnsLookup<T> Failure { get; } = new(DnsStatus.TemporaryFailure, []);

    /// <summary>True when the name exists but has no record of this type.</summary>
    public bool IsNoData => Status == DnsStatus.Success && Records.Count == 0;
}

/// <summary>One MX record: lower preference is tried first.</summary>
/// <param name="Preference">The preference value.</param>
/// <param name="Exchange">The mail exchanger's host name, without the trailing dot ("." for a null MX, RFC 7505).</param>
public sealed record MxRecord(int Preference, string Exchange);

/// <summary>One TLSA record (RFC 6698 §2.1).</summary>
/// <param name="Usage">Certificate usage (0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE).</param>
/// <param name="Selector">0 full certificate, 1 SubjectPublicKeyInfo.</param>
/// <param name="MatchingType">0 exact, 1 SHA-256, 2 SHA-512.</param>
/// <param name="Data">The certificate association data.</param>
public sealed record TlsaRecord(byte Usage, byte Selector, byte MatchingType, byte[] Data);
