using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Wren.Mail.Dns;

namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>The outcome of one policy fetch: a policy, or why there is none.</summary>
/// <param name="Policy">The valid policy, or null.</param>
/// <param name="Error">Why the fetch or the parse failed, or null.</param>
public sealed record MtaStsFetchResult(MtaStsPolicy? Policy, string? Error);

/// <summary>
/// Fetches <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c> by the rules of RFC 8461 §3.3, with
/// the host name resolved through <see cref="IDnsResolver"/>.
/// </summary>
public sealed class MtaStsFetcher : IDisposable
{
    private readonly HttpClient _http;
    private readonly TlsPolicyOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a fetcher; it owns one <see cref="HttpClient"/> until disposed.</summary>
    public MtaStsFetcher(IDnsResolver dns, TlsPolicyOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            // RFC 8461 §3.3: "HTTP 3xx redirects MUST NOT be followed".
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.FetchTimeout,
            ConnectCallback = new DnsConnector(dns).ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        };
        if (options.ExtraTrustedRoots.Count > 0)
        {
            // Production keeps the TLS stack's own validation (no callback at all); tests add their roots.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                PkixValidation.Check(certificate, chain, errors, _options.ExtraTrustedRoots, _time.GetUtcNow()) is null;
        }
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The policy URL of <paramref name="domain"/> (RFC 8461 §3.3).</summary>
    public Uri PolicyUri(string domain) => new UriBuilder(Uri.UriSchemeHttps, "mta-sts." + domain.TrimEnd('.'), _options.MtaStsPort, "/.well-known/mta-sts.txt").Uri;

    /// <summary>Fetches and parses the policy of <paramref name="domain"/>; never throws for a network or HTTP outcome.</summary>
    public async Task<MtaStsFetchResult> FetchAsync(string domain, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.FetchTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, PolicyUri(domain));
            // RFC 8461 §3.3: "HTTP caching MUST NOT be used" — the TXT id and max_age govern freshness.
            request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.StatusCode != HttpStatusCode.OK)
                return new(null, $"HTTP {(int)response.StatusCode} from {request.RequestUri}");
            // RFC 8461 §3.3: the policy is served as Content-Type text/plain.
            if (!string.Equals(response.Content.Headers.ContentType?.MediaType, "text/plain", StringComparison.OrdinalIgnoreCase))
                return new(null, $"Content-Type '{response.Content.Headers.ContentType?.MediaType}' is not text/plain");
            if (response.Content.Headers.ContentLength > MtaStsPolicyParser.MaxPolicyBytes)
                return new(null, "policy larger than 64 KiB");
            byte[]? body = await ReadLimitedAsync(response.Content, linked.Token);
            if (body is null)
                return new(null, "policy larger than 64 KiB");
            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
            }
            catch (DecoderFallbackException)
            {
                return new(null, "policy is not UTF-8");
            }
            return MtaStsPolicyParser.TryParse(text, out MtaStsPolicy? policy, out string? error)
                ? new(policy, null)
                : new(null, "invalid policy: " + error);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new(null, "policy fetch timed out");
        }
        catch (HttpRequestException e)
        {
            return new(null, "policy fetch failed: " + Describe(e));
        }
    }

    /// <summary>Reads at most 64 KiB (RFC 8461 §3.3 size limit); null when the body is longer.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using Stream stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        byte[] chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MtaStsPolicyParser.MaxPolicyBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
            parts.Add(x.Message);
        return string.Join(": ", parts.Distinct());
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
