using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Wren.Delivery.Outbound.TlsPolicy;
using Wren.Mail.Dns;

namespace Wren.Delivery.Tests.TlsPolicy;

/// <summary>The cache rules of RFC 8461 §5.1, over a real HTTPS fetch and a fake clock.</summary>
public sealed class MtaStsPolicySourceTests : IAsyncLifetime
{
    private const string Enforce = "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n";
    private const string Testing = "version: STSv1\nmode: testing\nmx: *.example.com\nmax_age: 86400\n";

    private readonly X509Certificate2 _certificate = TestCertificates.SelfSigned("mta-sts.example.com");
    private readonly InMemoryDns _dns = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wren-mtasts-" + Guid.NewGuid().ToString("N"));
    private readonly List<IDisposable> _disposables = [];
    private TestHttpsServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new TestHttpsServer(_certificate, TestHttpsServer.Ok(Enforce));
        _dns.SetA("mta-sts.example.com", IPAddress.Loopback);
        _dns.SetTxt("_mta-sts.example.com", "v=STSv1; id=one");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _disposables.ForEach(d => d.Dispose());
        await _server.DisposeAsync();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    private MtaStsPolicySource Source(string? folder = null)
    {
        var fetcher = new MtaStsFetcher(_dns, new TlsPolicyOptions { ExtraTrustedRoots = [_certificate], MtaStsPort = _server.Port }, _time);
        _disposables.Add(fetcher);
        return new MtaStsPolicySource(_dns, fetcher, new MtaStsPolicyCache(folder), _time);
    }

    [Fact]
    public async Task Same_id_uses_the_cache_and_a_new_id_fetches_again()
    {
        MtaStsPolicySource source = Source();
        Assert.Equal(MtaStsMode.Enforce, (await source.GetAsync("example.com", default)).Policy?.Mode);
        Assert.Equal(MtaStsMode.Enforce, (await source.GetAsync("example.com", default)).Policy?.Mode);
        Assert.Single(_server.Requests);

        _server.Response = TestHttpsServer.Ok(Testing);
        _dns.SetTxt("_mta-sts.example.com", "v=STSv1; id=two");
        MtaStsLookup changed = await source.GetAsync("example.com", default);

        Assert.Equal(MtaStsMode.Testing, changed.Policy?.Mode);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task An_expired_policy_is_fetched_again_even_with_the_same_id()
    {
        MtaStsPolicySource source = Source();
        await source.GetAsync("example.com", default);
        _time.Advance(TimeSpan.FromSeconds(86399));
        await source.GetAsync("example.com", default);
        Assert.Single(_server.Requests);

        _time.Advance(TimeSpan.FromSeconds(1));
        await source.GetAsync("example.com", default);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_failed_fetch_keeps_the_cached_policy_until_it_expires()
    {
        MtaStsPolicySource source = Source();
        await source.GetAsync("example.com", default);
        _server.Response = "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        _dns.SetTxt("_mta-sts.example.com", "v=STSv1; id=two");

        MtaStsLookup kept = await source.GetAsync("example.com", default);
        Assert.Equal(MtaStsMode.Enforce, kept.Policy?.Mode);
        Assert.Contains("fetch of id two failed", kept.Description);

        _time.Advance(TimeSpan.FromDays(1));
        MtaStsLookup expired = await source.GetAsync("example.com", default);
        Assert.Null(expired.Policy);
    }

    [Fact]
    public async Task A_vanished_or_failing_txt_record_keeps_the_cached_policy_until_it_expires()
    {
        MtaStsPolicySource source = Source();
        await source.GetAsync("example.com", default);

        _dns.Txt.TryRemove("_mta-sts.example.com", out _);
        Assert.Equal(MtaStsMode.Enforce, (await source.GetAsync("example.com", default)).Policy?.Mode);
        _dns.Txt["_mta-sts.example.com"] = DnsLookup<string>.Failure;
        Assert.Equal(MtaStsMode.Enforce, (await source.GetAsync("example.com", default)).Policy?.Mode);
        Assert.Single(_server.Requests);

        _time.Advance(TimeSpan.FromDays(1));
        Assert.Null((await source.GetAsync("example.com", default)).Policy);
    }

    [Fact]
    public async Task No_txt_record_means_no_fetch()
    {
        _dns.Txt.TryRemove("_mta-sts.example.com", out _);
        MtaStsLookup none = await Source().GetAsync("example.com", default);
        Assert.Null(none.Policy);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_persisted_cache_survives_a_restart()
    {
        await Source(_folder).GetAsync("example.com", default);
        Assert.Single(_server.Requests);
        Assert.True(File.Exists(Path.Combine(_folder, "example.com.json")));

        // A new process: new cache over the same folder, the policy server now unreachable.
        _server.Response = "HTTP/1.1 503 Down\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        MtaStsLookup restarted = await Source(_folder).GetAsync("example.com", default);

        Assert.Equal(MtaStsMode.Enforce, restarted.Policy?.Mode);
        Assert.Equal(["mx.example.com"], restarted.Policy!.MxPatterns);
        Assert.Equal(TimeSpan.FromDays(1), restarted.Policy.MaxAge);
        Assert.Single(_server.Requests); // same id, fresh: no fetch at all
    }

    [Fact]
    public async Task A_damaged_cache_file_is_ignored()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(Path.Combine(_folder, "example.com.json"), "{ not json");
        Assert.Equal(MtaStsMode.Enforce, (await Source(_folder).GetAsync("example.com", default)).Policy?.Mode);
        Assert.Single(_server.Requests);
    }
}
