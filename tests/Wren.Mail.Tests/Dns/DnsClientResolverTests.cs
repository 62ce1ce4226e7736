using System.Net;
using Wren.Mail.Dns;
using Wren.Testing.Dns;

namespace Wren.Mail.Tests.Dns;

/// <summary>The real DnsClient-based resolver against <see cref="TestDnsServer"/> on loopback.</summary>
public sealed class DnsClientResolverTests : IAsyncLifetime
{
    private readonly TestDnsServer _server = TestDnsServer.Start();
    private DnsClientResolver _resolver = null!;

    public Task InitializeAsync()
    {
        _resolver = Resolver();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private DnsClientResolver Resolver(bool useCache = false, TimeSpan? timeout = null) => new(new DnsClientResolverOptions
    {
        Servers = [_server.ServerAddress],
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
        Retries = 0,
        UseCache = useCache,
    });

    [Fact]
    public async Task Mx_records_come_with_preference_and_without_trailing_dot()
    {
        _server.AddMx("example.test", 10, "mx1.example.test.");
        _server.AddMx("example.test", 20, "mx2.example.test");

        var mx = await _resolver.LookupMxAsync("example.test");

        Assert.Equal(DnsStatus.Success, mx.Status);
        Assert.Equal([new MxRecord(10, "mx1.example.test"), new MxRecord(20, "mx2.example.test")],
            mx.Records.OrderBy(r => r.Preference));
        Assert.False(mx.Authenticated);
    }

    [Fact]
    public async Task A_null_mx_stays_a_dot()
    {
        _server.AddMx("nomail.test", 0, ".");

        var mx = await _resolver.LookupMxAsync("nomail.test");

        Assert.Equal([new MxRecord(0, ".")], mx.Records);
    }

    [Fact]
    public async Task A_and_aaaa_records()
    {
        _server.AddA("host.test", "192.0.2.1", "192.0.2.2");
        _server.AddAaaa("host.test", "2001:db8::1");

        var a = await _resolver.LookupAAsync("host.test");
        var aaaa = await _resolver.LookupAaaaAsync("host.test");

        Assert.Equal([IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.2")], a.Records.OrderBy(x => x.ToString()));
        Assert.Equal([IPAddress.Parse("2001:db8::1")], aaaa.Records);
    }

    [Fact]
    public async Task Txt_strings_of_one_record_are_concatenated_and_records_kept_apart()
    {
        _server.AddTxt("example.test", "v=spf1 ", "ip4:192.0.2.0/24 ", "-all");
        _server.AddTxt("example.test", "other");

        var txt = await _resolver.LookupTxtAsync("example.test");

        Assert.Equal(["other", "v=spf1 ip4:192.0.2.0/24 -all"], txt.Records.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Tlsa_records_under_an_underscore_name()
    {
        byte[] hash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        _server.AddTlsa("_25._tcp.mx.example.test", 3, 1, 1, hash);

        var tlsa = await _resolver.LookupTlsaAsync("_25._tcp.mx.example.test");

        TlsaRecord record = Assert.Single(tlsa.Records);
        Assert.Equal((3, 1, 1), (record.Usage, record.Selector, record.MatchingType));
        Assert.Equal(hash, record.Data);
    }

    [Fact]
    public async Task Ptr_names_of_ipv4_and_ipv6_addresses()
    {
        _server.AddPtr(IPAddress.Parse("192.0.2.7"), "mail.example.test.");
        _server.AddPtr(IPAddress.Parse("2001:db8::7"), "mail6.example.test");

        var v4 = await _resolver.LookupPtrAsync(IPAddress.Parse("192.0.2.7"));
        var v6 = await _resolver.LookupPtrAsync(IPAddress.Parse("2001:db8::7"));

        Assert.Equal(["mail.example.test"], v4.Records);
        Assert.Equal(["mail6.example.test"], v6.Records);
    }

    [Fact]
    public async Task Cname_chains_are_followed_and_only_records_of_the_asked_type_kept()
    {
        _server.AddCname("www.example.test", "alias.example.test");
        _server.AddCname("alias.example.test", "real.example.test");
        _server.AddA("real.example.test", "192.0.2.9");

        var a = await _resolver.LookupAAsync("www.example.test");

        Assert.Equal(DnsStatus.Success, a.Status);
        Assert.Equal([IPAddress.Parse("192.0.2.9")], a.Records);
    }

    [Fact]
    public async Task Unknown_name_is_nxdomain_while_a_known_name_without_the_type_is_nodata()
    {
        _server.AddA("host.test", "192.0.2.1");
        _server.AddA("deep.sub.other.test", "192.0.2.2");

        var missing = await _resolver.LookupAAsync("nothere.test");
        var noData = await _resolver.LookupMxAsync("host.test");
        var emptyNonTerminal = await _resolver.LookupAAsync("sub.other.test");

        Assert.Equal(DnsStatus.NameNotFound, missing.Status);
        Assert.Empty(missing.Records);
        Assert.Equal(DnsStatus.Success, noData.Status);
        Assert.True(noData.IsNoData);
        Assert.True(emptyNonTerminal.IsNoData);
    }

    [Fact]
    public async Task Servfail_and_refused_are_temporary_failures()
    {
        _server.AddA("broken.test", "192.0.2.1");
        _server.Fail("broken.test");
        _server.Refuse("refused.test");

        Assert.Equal(DnsStatus.TemporaryFailure, (await _resolver.LookupAAsync("broken.test")).Status);
        Assert.Equal(DnsStatus.TemporaryFailure, (await _resolver.LookupMxAsync("refused.test")).Status);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_a_temporary_failure_not_an_exception()
    {
        _server.Drop("silent.test");
        var resolver = Resolver(timeout: TimeSpan.FromMilliseconds(200));

        var result = await resolver.LookupAAsync("silent.test");

        Assert.Equal(DnsStatus.TemporaryFailure, result.Status);
        Assert.Contains(_server.Queries, q => q.Name == "silent.test");
    }

    [Fact]
    public async Task An_unreachable_server_is_a_temporary_failure()
    {
        // A port that was just ours and is now closed: UDP there gets ICMP port unreachable or nothing.
        var closed = TestDnsServer.Start();
        string address = closed.ServerAddress;
        await closed.DisposeAsync();
        var resolver = new DnsClientResolver(new DnsClientResolverOptions
        {
            Servers = [address], Timeout = TimeSpan.FromMilliseconds(200), Retries = 0,
        });

        Assert.Equal(DnsStatus.TemporaryFailure, (await resolver.LookupMxAsync("example.test")).Status);
    }

    [Fact]
    public async Task The_do_bit_is_sent_and_the_ad_bit_reported()
    {
        _server.AddMx("signed.test", 10, "mx.signed.test");
        _server.Authenticated("signed.test");
        _server.AddMx("unsigned.test", 10, "mx.unsigned.test");

        var signed = await _resolver.LookupMxAsync("signed.test");
        var unsigned = await _resolver.LookupMxAsync("unsigned.test");

        Assert.True(signed.Authenticated);
        Assert.False(unsigned.Authenticated);
        Assert.All(_server.Queries, q => Assert.True(q.DnssecOk));
    }

    [Fact]
    public async Task A_truncated_udp_answer_is_asked_again_over_tcp()
    {
        // 24 strings of 250 bytes: about 6 kB, more than the 4 kB EDNS payload DnsClient offers over UDP.
        string[] strings = Enumerable.Range(0, 24).Select(i => new string((char)('a' + i), 250)).ToArray();
        _server.AddTxt("big.test", strings);

        var txt = await _resolver.LookupTxtAsync("big.test");

        Assert.Equal(DnsStatus.Success, txt.Status);
        Assert.Equal(string.Concat(strings), Assert.Single(txt.Records));
        Assert.Contains(_server.Queries, q => q.Name == "big.test" && !q.OverTcp);
        Assert.Contains(_server.Queries, q => q.Name == "big.test" && q.OverTcp);
    }

    [Fact]
    public async Task Unicode_names_are_sent_as_a_labels()
    {
        _server.AddMx("xn--bcher-kva.test", 5, "mx.xn--bcher-kva.test");
        _server.AddTxt("_dmarc.xn--bcher-kva.test", "v=DMARC1; p=none");

        var mx = await _resolver.LookupMxAsync("Bücher.test");
        var txt = await _resolver.LookupTxtAsync("_dmarc.bücher.test");

        Assert.Equal([new MxRecord(5, "mx.xn--bcher-kva.test")], mx.Records);
        Assert.Equal(["v=DMARC1; p=none"], txt.Records);
        Assert.Contains(_server.Queries, q => q.Name == "xn--bcher-kva.test");
    }

    [Fact]
    public async Task A_name_that_cannot_exist_in_dns_is_nxdomain_without_a_query()
    {
        var result = await _resolver.LookupAAsync(new string('a', 64) + ".test");

        Assert.Equal(DnsStatus.NameNotFound, result.Status);
        Assert.Equal(0, _server.QueryCount);
    }

    [Fact]
    public async Task Without_cache_every_lookup_asks_the_server_and_sees_zone_changes()
    {
        _server.AddA("changing.test", "192.0.2.1");
        Assert.Equal([IPAddress.Parse("192.0.2.1")], (await _resolver.LookupAAsync("changing.test")).Records);

        _server.Remove("changing.test");
        _server.AddA("changing.test", "192.0.2.2");

        Assert.Equal([IPAddress.Parse("192.0.2.2")], (await _resolver.LookupAAsync("changing.test")).Records);
        Assert.Equal(2, _server.QueryCount);
    }

    [Fact]
    public async Task With_cache_a_repeated_lookup_is_answered_from_memory()
    {
        _server.AddA("cached.test", "192.0.2.1");
        var resolver = Resolver(useCache: true);

        await resolver.LookupAAsync("cached.test");
        var second = await resolver.LookupAAsync("cached.test");

        Assert.Equal([IPAddress.Parse("192.0.2.1")], second.Records);
        Assert.Equal(1, _server.QueryCount);
    }

    [Fact]
    public async Task The_next_server_is_asked_when_the_first_fails()
    {
        await using var second = TestDnsServer.Start();
        _server.Fail("example.test");
        second.AddMx("example.test", 10, "mx.example.test");
        var resolver = new DnsClientResolver(new DnsClientResolverOptions
        {
            Servers = [_server.ServerAddress, second.ServerAddress], Retries = 0,
        });

        var mx = await resolver.LookupMxAsync("example.test");

        Assert.Equal([new MxRecord(10, "mx.example.test")], mx.Records);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_an_exception_not_a_dns_outcome()
    {
        _server.Drop("silent.test");
        using var cts = new CancellationTokenSource();
        Task<DnsLookup<System.Net.IPAddress>> lookup = _resolver.LookupAAsync("silent.test", cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lookup);
    }

    [Theory]
    [InlineData("192.0.2.53", "192.0.2.53", 53)]
    [InlineData("192.0.2.53:5353", "192.0.2.53", 5353)]
    [InlineData("[2001:db8::53]:5300", "2001:db8::53", 5300)]
    [InlineData("[2001:db8::53]", "2001:db8::53", 53)]
    public void Server_addresses_parse_with_port_53_by_default(string text, string address, int port)
    {
        IPEndPoint endPoint = DnsClientResolver.ParseServer(text);

        Assert.Equal(IPAddress.Parse(address), endPoint.Address);
        Assert.Equal(port, endPoint.Port);
    }

    [Fact]
    public void A_malformed_server_address_is_a_configuration_error()
    {
        Assert.Throws<ArgumentException>(() => new DnsClientResolver(new DnsClientResolverOptions { Servers = ["dns.example:53"] }));
    }
}
