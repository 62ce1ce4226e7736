using System.Net;
using Wren.Delivery.Outbound.Routing;
using Wren.Mail.Dns;
using Wren.Testing.Dns;

namespace Wren.Delivery.Tests.Routing;

/// <summary>RFC 5321 §5.1 / RFC 7505 routing of one domain, over <see cref="FakeDnsResolver"/> (and once over the wire).</summary>
public sealed class MxResolverTests
{
    private readonly FakeDnsResolver _dns = new();

    private MxResolver Resolver(MxResolverOptions? options = null, int seed = 1) => new(_dns, options, new Random(seed));

    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    [Fact]
    public async Task Mx_hosts_come_lowest_preference_first_with_their_addresses()
    {
        _dns.AddMx("example.test", 20, "b.example.test");
        _dns.AddMx("example.test", 10, "a.example.test");
        _dns.AddMx("example.test", 30, "c.example.test");
        _dns.AddA("a.example.test", "192.0.2.1");
        _dns.AddA("b.example.test", "192.0.2.2");
        _dns.AddA("c.example.test", "192.0.2.3");

        MxResolution result = await Resolver().ResolveAsync("example.test");

        Assert.True(result.Succeeded);
        Assert.Equal(["a.example.test", "b.example.test", "c.example.test"], result.Hosts.Select(h => h.Name));
        Assert.Equal([10, 20, 30], result.Hosts.Select(h => h.Preference));
        Assert.Equal([Ip("192.0.2.2")], result.Hosts[1].Addresses);
    }

    [Fact]
    public async Task Hosts_of_equal_preference_are_shuffled_by_the_injected_random()
    {
        _dns.AddMx("example.test", 5, "first.example.test");
        _dns.AddMx("example.test", 10, "x.example.test");
        _dns.AddMx("example.test", 10, "y.example.test");
        _dns.AddMx("example.test", 10, "z.example.test");
        foreach (string host in new[] { "first", "x", "y", "z" })
            _dns.AddA(host + ".example.test", "192.0.2.1");

        var orders = new HashSet<string>();
        for (int seed = 0; seed < 40; seed++)
        {
            MxResolution result = await Resolver(seed: seed).ResolveAsync("example.test");
            Assert.Equal("first.example.test", result.Hosts[0].Name);
            orders.Add(string.Join(",", result.Hosts.Skip(1).Select(h => h.Name)));
        }
        MxResolution again1 = await Resolver(seed: 7).ResolveAsync("example.test");
        MxResolution again2 = await Resolver(seed: 7).ResolveAsync("example.test");

        Assert.True(orders.Count > 1, "equal preferences were never reordered");
        Assert.Equal(again1.Hosts.Select(h => h.Name), again2.Hosts.Select(h => h.Name));
    }

    [Fact]
    public async Task A_host_listed_twice_is_tried_once_at_its_lowest_preference()
    {
        _dns.AddMx("example.test", 20, "mx.example.test");
        _dns.AddMx("example.test", 10, "MX.example.test");
        _dns.AddA("mx.example.test", "192.0.2.1");

        MxResolution result = await Resolver().ResolveAsync("example.test");

        MxHost host = Assert.Single(result.Hosts);
        Assert.Equal(10, host.Preference);
    }

    [Fact]
    public async Task No_mx_records_means_the_implicit_mx_of_the_domain_itself()
    {
        _dns.AddA("plain.test", "192.0.2.10");
        _dns.AddAaaa("plain.test", "2001:db8::10");

        MxResolution result = await Resolver().ResolveAsync("plain.test");

        MxHost host = Assert.Single(result.Hosts);
        Assert.Equal(("plain.test", 0), (host.Name, host.Preference));
        Assert.Equal([Ip("192.0.2.10"), Ip("2001:db8::10")], host.Addresses);
    }

    [Fact]
    public async Task An_implicit_mx_without_addresses_is_a_permanent_bad_destination()
    {
        _dns.AddTxt("textonly.test", "v=spf1 -all");

        MxResolution result = await Resolver().ResolveAsync("textonly.test");

        Assert.Equal(new RoutingFailure(true, "5.1.2", result.Failure!.Text), result.Failure);
        Assert.Empty(result.Hosts);
    }

    [Fact]
    public async Task Nxdomain_is_a_permanent_bad_destination_without_address_lookups()
    {
        MxResolution result = await Resolver().ResolveAsync("nonexistent.test");

        Assert.True(result.Failure!.IsPermanent);
        Assert.Equal("5.1.2", result.Failure.EnhancedCode);
        Assert.Contains("nonexistent.test", result.Failure.Text);
        Assert.Equal(1, _dns.QueryCount);
    }

    [Fact]
    public async Task A_null_mx_is_a_permanent_5_1_10_without_address_lookups()
    {
        _dns.AddMx("nomail.test", 0, ".");
        _dns.AddA("nomail.test", "192.0.2.1");

        MxResolution result = await Resolver().ResolveAsync("nomail.test");

        Assert.Equal((true, "5.1.10"), (result.Failure!.IsPermanent, result.Failure.EnhancedCode));
        Assert.Equal(1, _dns.QueryCount);
    }

    [Fact]
    public async Task A_dot_among_other_mx_records_is_still_a_null_mx()
    {
        _dns.AddMx("mixed.test", 0, ".");
        _dns.AddMx("mixed.test", 10, "mx.mixed.test");
        _dns.AddA("mx.mixed.test", "192.0.2.1");

        MxResolution result = await Resolver().ResolveAsync("mixed.test");

        Assert.Equal("5.1.10", result.Failure!.EnhancedCode);
    }

    [Fact]
    public async Task A_temporary_mx_failure_is_a_temporary_4_4_3()
    {
        _dns.AddMx("flaky.test", 10, "mx.flaky.test");
        _dns.Fail("flaky.test", DnsType.Mx);

        MxResolution result = await Resolver().ResolveAsync("flaky.test");

        Assert.Equal((false, "4.4.3"), (result.Failure!.IsPermanent, result.Failure.EnhancedCode));
    }

    [Fact]
    public async Task Hosts_without_addresses_are_skipped()
    {
        _dns.AddMx("example.test", 10, "gone.example.test");
        _dns.AddMx("example.test", 20, "noaddr.example.test");
        _dns.AddMx("example.test", 30, "good.example.test");
        _dns.AddTxt("noaddr.example.test", "just text");
        _dns.AddA("good.example.test", "192.0.2.30");

        MxResolution result = await Resolver().ResolveAsync("example.test");

        Assert.Equal(["good.example.test"], result.Hosts.Select(h => h.Name));
    }

    [Fact]
    public async Task A_temporarily_failing_host_is_skipped_while_others_resolve()
    {
        _dns.AddMx("example.test", 10, "flaky.example.test");
        _dns.AddMx("example.test", 20, "good.example.test");
        _dns.Fail("flaky.example.test");
        _dns.AddA("good.example.test", "192.0.2.30");

        MxResolution result = await Resolver().ResolveAsync("example.test");

        Assert.True(result.Succeeded);
        Assert.Equal(["good.example.test"], result.Hosts.Select(h => h.Name));
    }

    [Fact]
    public async Task No_host_with_an_address_after_a_temporary_failure_is_temporary()
    {
        _dns.AddMx("example.test", 10, "gone.example.test");
        _dns.AddMx("example.test", 20, "flaky.example.test");
        _dns.AddA("flaky.example.test", "192.0.2.1");
        _dns.Fail("flaky.example.test", DnsType.A);

        MxResolution result = await Resolver().ResolveAsync("example.test");

        Assert.Equal((false, "4.4.3"), (result.Failure!.IsPermanent, result.Failure.EnhancedCode));
    }

    [Fact]
    public async Task No_host_with_an_address_and_no_temporary_failure_is_permanent_5_4_4()
    {
        _dns.AddMx("example.test", 10, "gone.example.test");
        _dns.AddMx("example.test", 20, "gone2.example.test");

        MxResolution result = await Resolver().ResolveAsync("example.test");

        Assert.Equal((true, "5.4.4"), (result.Failure!.IsPermanent, result.Failure.EnhancedCode));
    }

    [Fact]
    public async Task An_address_found_while_the_other_family_fails_temporarily_is_used()
    {
        _dns.AddMx("example.test", 10, "mx.example.test");
        _dns.AddA("mx.example.test", "192.0.2.1");
        _dns.Fail("mx.example.test", DnsType.Aaaa);

        MxResolution result = await Resolver().ResolveAsync("example.test");

        Assert.Equal([Ip("192.0.2.1")], Assert.Single(result.Hosts).Addresses);
    }

    [Theory]
    [InlineData(AddressOrder.Ipv4First, "192.0.2.1,192.0.2.2,2001:db8::1,2001:db8::2")]
    [InlineData(AddressOrder.Ipv6First, "2001:db8::1,2001:db8::2,192.0.2.1,192.0.2.2")]
    [InlineData(AddressOrder.Interleaved, "2001:db8::1,192.0.2.1,2001:db8::2,192.0.2.2")]
    [InlineData(AddressOrder.Ipv4Only, "192.0.2.1,192.0.2.2")]
    [InlineData(AddressOrder.Ipv6Only, "2001:db8::1,2001:db8::2")]
    public async Task Addresses_of_both_families_are_ordered_as_configured(AddressOrder order, string expected)
    {
        _dns.AddMx("example.test", 10, "mx.example.test");
        _dns.AddA("mx.example.test", "192.0.2.1", "192.0.2.2");
        _dns.AddAaaa("mx.example.test", "2001:db8::1", "2001:db8::2");

        MxResolution result = await Resolver(new MxResolverOptions { AddressOrder = order }).ResolveAsync("example.test");

        Assert.Equal(expected, string.Join(",", Assert.Single(result.Hosts).Addresses));
    }

    [Fact]
    public async Task The_default_order_is_ipv4_first()
    {
        Assert.Equal(AddressOrder.Ipv4First, new MxResolverOptions().AddressOrder);
        _dns.AddMx("example.test", 10, "mx.example.test");
        _dns.AddAaaa("mx.example.test", "2001:db8::1");
        _dns.AddA("mx.example.test", "192.0.2.1");

        MxResolution result = await Resolver().ResolveAsync("example.test");

        Assert.Equal([Ip("192.0.2.1"), Ip("2001:db8::1")], result.Hosts[0].Addresses);
    }

    [Fact]
    public async Task A_single_family_setting_does_not_look_up_the_other_family()
    {
        _dns.AddMx("example.test", 10, "mx.example.test");
        _dns.AddA("mx.example.test", "192.0.2.1");
        _dns.AddAaaa("mx.example.test", "2001:db8::1");

        await Resolver(new MxResolverOptions { AddressOrder = AddressOrder.Ipv4Only }).ResolveAsync("example.test");

        Assert.DoesNotContain(_dns.Queries, q => q.Type == DnsType.Aaaa);
        Assert.Contains(_dns.Queries, q => q.Type == DnsType.A);
    }

    [Fact]
    public async Task Only_the_configured_number_of_mx_hosts_is_kept_and_looked_up()
    {
        for (int i = 0; i < 15; i++)
        {
            _dns.AddMx("big.test", 100 - i, $"mx{i}.big.test");
            _dns.AddA($"mx{i}.big.test", $"192.0.2.{i + 1}");
        }

        MxResolution result = await Resolver(new MxResolverOptions { MaxMxHosts = 10 }).ResolveAsync("big.test");

        Assert.Equal(10, result.Hosts.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 86 + i), result.Hosts.Select(h => h.Preference));
        Assert.Equal(10, _dns.Queries.Count(q => q.Type == DnsType.A));
    }

    [Fact]
    public async Task Only_the_configured_number_of_addresses_per_host_is_kept()
    {
        _dns.AddMx("example.test", 10, "mx.example.test");
        _dns.AddA("mx.example.test", Enumerable.Range(1, 8).Select(i => $"192.0.2.{i}").ToArray());

        MxResolution result = await Resolver(new MxResolverOptions { MaxAddressesPerHost = 3 }).ResolveAsync("example.test");

        Assert.Equal([Ip("192.0.2.1"), Ip("192.0.2.2"), Ip("192.0.2.3")], result.Hosts[0].Addresses);
    }

    [Theory]
    [InlineData("[127.0.0.1]", "[127.0.0.1]", "127.0.0.1")]
    [InlineData("[IPv6:::1]", "[IPv6:::1]", "::1")]
    [InlineData("[ipv6:2001:DB8::25]", "[IPv6:2001:db8::25]", "2001:db8::25")]
    public async Task An_address_literal_goes_straight_to_that_address(string domain, string name, string address)
    {
        MxResolution result = await Resolver().ResolveAsync(domain);

        MxHost host = Assert.Single(result.Hosts);
        Assert.Equal((name, 0), (host.Name, host.Preference));
        Assert.Equal([Ip(address)], host.Addresses);
        Assert.Equal(0, _dns.QueryCount);
    }

    [Theory]
    [InlineData("[999.1.1.1]")]
    [InlineData("[IPv6:nonsense]")]
    [InlineData("[mail.example.test]")]
    public async Task A_malformed_address_literal_is_a_permanent_syntax_failure(string domain)
    {
        MxResolution result = await Resolver().ResolveAsync(domain);

        Assert.Equal((true, "5.1.3"), (result.Failure!.IsPermanent, result.Failure.EnhancedCode));
    }

    [Theory]
    [InlineData("192.0.2.77", "192.0.2.77")]
    [InlineData("[192.0.2.77]", "192.0.2.77")]
    [InlineData("2001:db8::77", "2001:db8::77")]
    public async Task An_mx_that_is_an_address_is_tolerated_and_used_without_a_lookup(string exchange, string address)
    {
        _dns.AddMx("sloppy.test", 10, exchange);

        MxResolution result = await Resolver().ResolveAsync("sloppy.test");

        Assert.Equal([Ip(address)], Assert.Single(result.Hosts).Addresses);
        Assert.Equal(1, _dns.QueryCount);
    }

    [Fact]
    public async Task An_mx_pointing_at_a_cname_is_followed_and_keeps_the_mx_name()
    {
        _dns.AddMx("example.test", 10, "mail.example.test");
        _dns.AddCname("mail.example.test", "real.hoster.test");
        _dns.AddA("real.hoster.test", "192.0.2.40");

        MxResolution result = await Resolver().ResolveAsync("example.test");

        MxHost host = Assert.Single(result.Hosts);
        Assert.Equal("mail.example.test", host.Name);
        Assert.Equal([Ip("192.0.2.40")], host.Addresses);
    }

    [Fact]
    public async Task Dnssec_authentication_of_the_mx_answer_and_of_each_hosts_addresses_is_kept()
    {
        _dns.AddMx("signed.test", 10, "mx.signed.test");
        _dns.AddMx("signed.test", 20, "mx.unsigned.test");
        _dns.AddA("mx.signed.test", "192.0.2.1");
        _dns.AddA("mx.unsigned.test", "192.0.2.2");
        _dns.Authenticated("signed.test");
        _dns.Authenticated("mx.signed.test");

        MxResolution signed = await Resolver().ResolveAsync("signed.test");
        _dns.AddMx("unsigned.test", 10, "mx.signed.test");
        MxResolution unsigned = await Resolver().ResolveAsync("unsigned.test");

        Assert.True(signed.Authenticated);
        Assert.Equal([true, false], signed.Hosts.Select(h => h.AddressesAuthenticated));
        Assert.False(unsigned.Authenticated);
    }

    [Fact]
    public async Task When_this_server_is_an_mx_only_better_hosts_are_kept()
    {
        _dns.AddMx("example.test", 5, "primary.example.test");
        _dns.AddMx("example.test", 10, "Backup.Wren.test");
        _dns.AddMx("example.test", 20, "other.example.test");
        _dns.AddA("primary.example.test", "192.0.2.1");
        _dns.AddA("other.example.test", "192.0.2.2");
        var options = new MxResolverOptions { LocalHostNames = ["backup.wren.test"] };

        MxResolution result = await Resolver(options).ResolveAsync("example.test");

        Assert.Equal(["primary.example.test"], result.Hosts.Select(h => h.Name));
    }

    [Fact]
    public async Task When_this_server_is_the_best_mx_it_is_a_mail_loop()
    {
        _dns.AddMx("example.test", 10, "mx.wren.test");
        _dns.AddMx("example.test", 20, "other.example.test");
        _dns.AddA("other.example.test", "192.0.2.2");
        var options = new MxResolverOptions { LocalHostNames = ["mx.wren.test"] };

        MxResolution result = await Resolver(options).ResolveAsync("example.test");

        Assert.Equal((true, "5.4.6"), (result.Failure!.IsPermanent, result.Failure.EnhancedCode));
    }

    [Fact]
    public async Task A_trailing_dot_on_the_domain_is_ignored()
    {
        _dns.AddMx("example.test", 10, "mx.example.test");
        _dns.AddA("mx.example.test", "192.0.2.1");

        MxResolution result = await Resolver().ResolveAsync("example.test.");

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task Cancellation_is_not_turned_into_a_routing_failure()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Resolver().ResolveAsync("example.test", cts.Token));
    }

    [Fact]
    public async Task End_to_end_over_dns_client_and_the_test_server()
    {
        await using var server = TestDnsServer.Start();
        server.AddMx("xn--bcher-kva.test", 20, "backup.xn--bcher-kva.test");
        server.AddMx("xn--bcher-kva.test", 10, "mx.xn--bcher-kva.test");
        server.AddA("mx.xn--bcher-kva.test", "127.0.0.1");
        server.AddAaaa("mx.xn--bcher-kva.test", "::1");
        server.AddCname("backup.xn--bcher-kva.test", "mx.xn--bcher-kva.test");
        server.Authenticated("xn--bcher-kva.test");
        server.AddMx("nomail.test", 0, ".");
        server.Fail("broken.test");
        var dns = new DnsClientResolver(new DnsClientResolverOptions { Servers = [server.ServerAddress], Retries = 0 });
        var resolver = new MxResolver(dns, new MxResolverOptions { AddressOrder = AddressOrder.Interleaved });

        MxResolution result = await resolver.ResolveAsync("bücher.test");
        MxResolution nullMx = await resolver.ResolveAsync("nomail.test");
        MxResolution broken = await resolver.ResolveAsync("broken.test");
        MxResolution missing = await resolver.ResolveAsync("missing.test");

        Assert.True(result.Authenticated);
        Assert.Equal(["mx.xn--bcher-kva.test", "backup.xn--bcher-kva.test"], result.Hosts.Select(h => h.Name));
        Assert.Equal([Ip("::1"), Ip("127.0.0.1")], result.Hosts[0].Addresses);
        Assert.Equal("5.1.10", nullMx.Failure!.EnhancedCode);
        Assert.Equal((false, "4.4.3"), (broken.Failure!.IsPermanent, broken.Failure.EnhancedCode));
        Assert.Equal((true, "5.1.2"), (missing.Failure!.IsPermanent, missing.Failure.EnhancedCode));
    }
}
