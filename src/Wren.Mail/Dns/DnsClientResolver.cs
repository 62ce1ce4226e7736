using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsClient;
using DnsClient.Protocol;

namespace Wren.Mail.Dns;

/// <summary>
/// <see cref="IDnsResolver"/> on the DnsClient library: a stub resolver that asks the configured recursive
/// resolvers (or the system's), sets the DO bit so a validating resolver reports DNSSEC validation with the AD
/// bit, falls back to TCP on truncated answers, and turns every DNS outcome into a <see cref="DnsStatus"/>.
/// </summary>
public sealed class DnsClientResolver : IDnsResolver
{
    // Labels with underscores (_25._tcp, _dmarc, _domainkey) are valid DNS names but not host names, so the
    // STD3 rules stay off; IDNA only turns U-labels into A-labels here.
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    private readonly LookupClient _client;

    /// <summary>Creates a resolver with <paramref name="options"/> (defaults: the system's resolvers, 5 s, 2 retries, no cache).</summary>
    /// <exception cref="ArgumentException">A server is not an <c>address:port</c>.</exception>
    public DnsClientResolver(DnsClientResolverOptions? options = null)
    {
        options ??= new DnsClientResolverOptions();
        IPEndPoint[] servers = options.Servers.Select(ParseServer).ToArray();
        LookupClientOptions clientOptions = servers.Length > 0 ? new LookupClientOptions(servers) : new LookupClientOptions();
        clientOptions.Timeout = options.Timeout;
        clientOptions.Retries = Math.Max(0, options.Retries);
        clientOptions.UseCache = options.UseCache;
        clientOptions.CacheFailedResults = false;
        // RFC 3225 §3: the DO bit (which needs EDNS) asks for DNSSEC records, and a validating resolver then
        // sets AD (RFC 4035 §3.2.3) on answers it validated. DANE (RFC 7672 §2.1) relies on that bit.
        clientOptions.RequestDnsSecRecords = true;
        clientOptions.UseTcpFallback = true;
        clientOptions.ThrowDnsErrors = false;
        // NODATA is an answer, not a reason to bother the next server; SERVFAIL and REFUSED are.
        clientOptions.ContinueOnEmptyResponse = false;
        clientOptions.ContinueOnDnsError = true;
        clientOptions.UseRandomNameServer = false;
        _client = new LookupClient(clientOptions);
    }

    /// <summary>Parses <c>192.0.2.1</c>, <c>192.0.2.1:5353</c>, <c>[2001:db8::1]:53</c> or <c>2001:db8::1</c>; port 53 when none is given.</summary>
    /// <exception cref="ArgumentException">Not an address with an optional port.</exception>
    public static IPEndPoint ParseServer(string text)
    {
        if (!IPEndPoint.TryParse(text.Trim(), out IPEndPoint? endPoint))
            throw new ArgumentException($"'{text}' is not a DNS server address (address:port).", nameof(text));
        if (endPoint.Port == 0)
            endPoint.Port = 53;
        return endPoint;
    }

    /// <inheritdoc />
    public async Task<DnsLookup<MxRecord>> LookupMxAsync(string domain, CancellationToken cancellationToken = default)
    {
        // RFC 7505 §3: a null MX's exchange is the root, ".", and stays so; other names lose the trailing dot.
        return await QueryAsync(domain, QueryType.MX, answers => answers.MxRecords()
            .Select(mx => new MxRecord(mx.Preference, WithoutTrailingDot(mx.Exchange.Value))), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<DnsLookup<IPAddress>> LookupAAsync(string name, CancellationToken cancellationToken = default) =>
        QueryAsync(name, QueryType.A, answers => answers.ARecords().Select(a => a.Address), cancellationToken);

    /// <inheritdoc />
    public Task<DnsLookup<IPAddress>> LookupAaaaAsync(string name, CancellationToken cancellationToken = default) =>
        QueryAsync(name, QueryType.AAAA, answers => answers.AaaaRecords().Select(a => a.Address), cancellationToken);

    /// <inheritdoc />
    public Task<DnsLookup<string>> LookupTxtAsync(string name, CancellationToken cancellationToken = default) =>
        // RFC 7208 §3.3: the character-strings of one TXT record are joined with nothing in between.
        QueryAsync(name, QueryType.TXT, answers => answers.TxtRecords().Select(t => string.Concat(t.Text)), cancellationToken);

    /// <inheritdoc />
    public Task<DnsLookup<TlsaRecord>> LookupTlsaAsync(string name, CancellationToken cancellationToken = default) =>
        QueryAsync(name, QueryType.TLSA, answers => answers.TlsaRecords().Select(t => new TlsaRecord(
            (byte)t.CertificateUsage, (byte)t.Selector, (byte)t.MatchingType, t.CertificateAssociationData.ToArray())), cancellationToken);

    /// <inheritdoc />
    public Task<DnsLookup<string>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken = default) =>
        QueryAsync(address.GetArpaName(), QueryType.PTR,
            answers => answers.PtrRecords().Select(p => WithoutTrailingDot(p.PtrDomainName.Value)), cancellationToken);

    private async Task<DnsLookup<T>> QueryAsync<T>(string name, QueryType type,
        Func<IEnumerable<DnsResourceRecord>, IEnumerable<T>> select, CancellationToken cancellationToken)
    {
        // A name that cannot be written in DNS cannot exist there: answer as the DNS would, with NXDOMAIN.
        if (!TryToAscii(name, out string? ascii))
            return DnsLookup<T>.NotFound;
        IDnsQueryResponse response;
        try
        {
            response = await _client.QueryAsync(new DnsQuestion(ascii, type), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is DnsResponseException or SocketException or OperationCanceledException or IOException
                                      or TimeoutException or ObjectDisposedException)
        {
            // DnsClient reports a cancelled query as a DnsResponseException: the caller's cancellation stays one.
            cancellationToken.ThrowIfCancellationRequested();
            // Timeouts and unreachable servers (after DnsClient's retries on every server) are temporary.
            return DnsLookup<T>.Failure;
        }
        return response.Header.ResponseCode switch
        {
            // CNAMEs are followed by the recursive resolver: the answer section holds the chain and then the
            // records of the asked type (RFC 1034 §4.3.2), of which only the latter are kept.
            DnsHeaderResponseCode.NoError => new DnsLookup<T>(DnsStatus.Success, select(response.Answers).ToList(),
                response.Header.IsAuthenticData),
            DnsHeaderResponseCode.NotExistentDomain => new DnsLookup<T>(DnsStatus.NameNotFound, [], response.Header.IsAuthenticData),
            _ => DnsLookup<T>.Failure,
        };
    }

    private static bool TryToAscii(string name, out string? ascii)
    {
        ascii = null;
        string trimmed = name.Trim().TrimEnd('.');
        if (trimmed.Length == 0)
            return false;
        try
        {
            ascii = Ascii.IsValid(trimmed) ? trimmed : Idn.GetAscii(trimmed);
        }
        catch (ArgumentException)
        {
            return false;
        }
        // RFC 1035 §2.3.4: 63 octets per label, 255 per name (253 characters in presentation form).
        return ascii.Length <= 253 && ascii.Split('.').All(label => label.Length is > 0 and <= 63);
    }

    private static string WithoutTrailingDot(string name) => name.Length > 1 ? name.TrimEnd('.') : name;
}
