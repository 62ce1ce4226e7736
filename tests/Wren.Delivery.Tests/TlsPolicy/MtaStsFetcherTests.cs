using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Wren.Delivery.Outbound.TlsPolicy;

namespace Wren.Delivery.Tests.TlsPolicy;

public sealed class MtaStsFetcherTests : IAsyncLifetime
{
    private const string PolicyText = "version: STSv1\r\nmode: enforce\r\nmx: mx.example.com\r\nmax_age: 86400\r\n";

    private readonly X509Certificate2 _certificate = TestCertificates.SelfSigned("mta-sts.example.com");
    private readonly InMemoryDns _dns = new();
    private TestHttpsServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new TestHttpsServer(_certificate, TestHttpsServer.Ok(PolicyText));
        _dns.SetA("mta-sts.example.com", IPAddress.Loopback);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private MtaStsFetcher Fetcher(bool trust = true) => new(_dns, new TlsPolicyOptions
    {
        ExtraTrustedRoots = trust ? [_certificate] : [],
        MtaStsPort = _server.Port,
    }, TimeProvider.System);

    [Fact]
    public async Task Fetches_the_policy_over_https_with_the_name_resolved_by_wren_dns()
    {
        using MtaStsFetcher fetcher = Fetcher();
        MtaStsFetchResult result = await fetcher.FetchAsync("Example.com.", CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(MtaStsMode.Enforce, result.Policy!.Mode);
        Assert.Equal(["mx.example.com"], result.Policy.MxPatterns);
        string request = Assert.Single(_server.Requests);
        Assert.StartsWith("GET /.well-known/mta-sts.txt HTTP/1.1\r\n", request);
        Assert.Contains($"Host: mta-sts.example.com:{_server.Port}\r\n", request);
        Assert.Contains("A mta-sts.example.com", _dns.Queries);
    }

    [Fact]
    public async Task Never_asks_the_system_resolver()
    {
        // mta-sts.localhost is unknown to Wren's DNS; a system resolver might well map it to 127.0.0.1,
        // where the server listens with a trusted certificate for that name.
        X509Certificate2 local = TestCertificates.SelfSigned("mta-sts.localhost");
        await using var server = new TestHttpsServer(local, TestHttpsServer.Ok(PolicyText));
        using var fetcher = new MtaStsFetcher(_dns, new TlsPolicyOptions { ExtraTrustedRoots = [local], MtaStsPort = server.Port }, TimeProvider.System);

        MtaStsFetchResult result = await fetcher.FetchAsync("localhost", CancellationToken.None);

        Assert.Null(result.Policy);
        Assert.Contains("has no address", result.Error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Redirects_are_refused()
    {
        _server.Response = $"HTTP/1.1 301 Moved Permanently\r\nLocation: https://mta-sts.example.com:{_server.Port}/elsewhere.txt\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        using MtaStsFetcher fetcher = Fetcher();

        MtaStsFetchResult result = await fetcher.FetchAsync("example.com", CancellationToken.None);

        Assert.Null(result.Policy);
        Assert.StartsWith("HTTP 301", result.Error);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_refused()
    {
        using MtaStsFetcher fetcher = Fetcher(trust: false);
        MtaStsFetchResult result = await fetcher.FetchAsync("example.com", CancellationToken.None);
        Assert.Null(result.Policy);
        Assert.StartsWith("policy fetch failed", result.Error);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_trusted_certificate_for_another_name_is_refused()
    {
        X509Certificate2 other = TestCertificates.SelfSigned("www.example.com");
        await using var server = new TestHttpsServer(other, TestHttpsServer.Ok(PolicyText));
        using var fetcher = new MtaStsFetcher(_dns, new TlsPolicyOptions { ExtraTrustedRoots = [other], MtaStsPort = server.Port }, TimeProvider.System);

        MtaStsFetchResult result = await fetcher.FetchAsync("example.com", CancellationToken.None);

        Assert.Null(result.Policy);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Other_media_types_are_refused()
    {
        _server.Response = TestHttpsServer.Ok(PolicyText, "text/html");
        using MtaStsFetcher fetcher = Fetcher();
        MtaStsFetchResult result = await fetcher.FetchAsync("example.com", CancellationToken.None);
        Assert.Null(result.Policy);
        Assert.Equal("Content-Type 'text/html' is not text/plain", result.Error);
    }

    [Fact]
    public async Task Text_plain_with_a_charset_is_accepted()
    {
        _server.Response = TestHttpsServer.Ok(PolicyText, "text/plain; charset=utf-8");
        using MtaStsFetcher fetcher = Fetcher();
        Assert.NotNull((await fetcher.FetchAsync("example.com", CancellationToken.None)).Policy);
    }

    [Fact]
    public async Task Bodies_over_64_KiB_are_refused_even_without_a_length()
    {
        // No Content-Length: the body runs to the end of the connection, so only the streaming limit can stop it.
        string body = PolicyText + "x: " + new string('a', 70_000) + "\r\n";
        _server.Response = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n{body}";
        using MtaStsFetcher fetcher = Fetcher();
        MtaStsFetchResult result = await fetcher.FetchAsync("example.com", CancellationToken.None);
        Assert.Null(result.Policy);
        Assert.Equal("policy larger than 64 KiB", result.Error);
    }

    [Fact]
    public async Task An_invalid_policy_is_no_policy()
    {
        _server.Response = TestHttpsServer.Ok("version: STSv1\nmode: enforce\nmax_age: 60\n");
        using MtaStsFetcher fetcher = Fetcher();
        MtaStsFetchResult result = await fetcher.FetchAsync("example.com", CancellationToken.None);
        Assert.Null(result.Policy);
        Assert.Equal("invalid policy: no 'mx'", result.Error);
    }

    [Fact]
    public async Task A_404_is_no_policy()
    {
        _server.Response = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        using MtaStsFetcher fetcher = Fetcher();
        MtaStsFetchResult result = await fetcher.FetchAsync("example.com", CancellationToken.None);
        Assert.Null(result.Policy);
        Assert.StartsWith("HTTP 404", result.Error);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_on_the_injected_clock()
    {
        // A listener that accepts and then says nothing: the TLS handshake would wait forever.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new TaskCompletionSource<TcpClient>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () => accepted.SetResult(await silent.AcceptTcpClientAsync()));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new TlsPolicyOptions { FetchTimeout = TimeSpan.FromSeconds(30), MtaStsPort = ((IPEndPoint)silent.LocalEndpoint).Port };
        using var fetcher = new MtaStsFetcher(_dns, options, time);

        Task<MtaStsFetchResult> fetch = fetcher.FetchAsync("example.com", CancellationToken.None);
        using TcpClient connection = await accepted.Task;
        Assert.False(fetch.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(30));
        MtaStsFetchResult result = await fetch;

        Assert.Null(result.Policy);
        Assert.Equal("policy fetch timed out", result.Error);
    }
}
