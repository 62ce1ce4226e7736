using System.Net;
using Microsoft.Extensions.Time.Testing;
using Wren.Mail.Dns;
using Wren.MailAuth.Spf;

namespace Wren.MailAuth.Tests.Spf;

public sealed class SpfCheckerTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    [Fact]
    public async Task Include_loop_ends_in_permerror_through_the_lookup_limit()
    {
        var dns = new InMemoryDnsResolver()
            .AddTxt("a.example.com", "v=spf1 include:b.example.com -all")
            .AddTxt("b.example.com", "v=spf1 include:a.example.com -all");
        SpfResult result = await Check(dns, "a.example.com");
        Assert.Equal(SpfVerdict.PermError, result.Verdict);
        Assert.Contains("§4.6.4", result.Problem, StringComparison.Ordinal);
        // The limit of 10 DNS-querying terms: 10 TXT lookups, the 11th include is refused before its lookup.
        Assert.Equal(11, dns.Queries.Count(q => q.StartsWith("TXT ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Redirect_to_itself_ends_in_permerror()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 ip4:198.51.100.1 redirect=example.com");
        Assert.Equal(SpfVerdict.PermError, (await Check(dns, "example.com")).Verdict);
    }

    [Fact]
    public async Task Redirect_cycle_through_macros_ends_in_permerror()
    {
        var dns = new InMemoryDnsResolver()
            .AddTxt("example.com", "v=spf1 redirect=x.%{d}")
            .AddTxt("x.example.com", "v=spf1 redirect=%{d2}");
        Assert.Equal(SpfVerdict.PermError, (await Check(dns, "example.com")).Verdict);
    }

    [Fact]
    public async Task The_lookup_limit_is_configurable()
    {
        var dns = new InMemoryDnsResolver()
            .AddTxt("example.com", "v=spf1 a a a ip4:192.0.2.10")
            .AddA("example.com", "198.51.100.1");
        Assert.Equal(SpfVerdict.Pass, (await Check(dns, "example.com")).Verdict);
        Assert.Equal(SpfVerdict.PermError, (await Check(dns, "example.com", new SpfOptions { LookupLimit = 2, Timeout = null })).Verdict);
    }

    [Theory]
    [InlineData(2, SpfVerdict.Neutral)]
    [InlineData(3, SpfVerdict.PermError)]
    public async Task Void_lookups_beyond_two_are_a_permerror(int voids, SpfVerdict expected)
    {
        // NXDOMAIN (a:), NODATA (exists:, the name exists without A records) and an MX-less domain all count.
        string[] terms = ["a:nx.example.com", "exists:nodata.example.com", "mx:nodata.example.com"];
        var dns = new InMemoryDnsResolver()
            .AddTxt("example.com", "v=spf1 " + string.Join(' ', terms.Take(voids)) + " ?all")
            .AddTxt("nodata.example.com", "not spf");
        SpfResult result = await Check(dns, "example.com");
        Assert.Equal(expected, result.Verdict);
        if (expected == SpfVerdict.PermError)
            Assert.Contains("void", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Void_lookups_are_counted_across_includes_and_the_limit_is_configurable()
    {
        var dns = new InMemoryDnsResolver()
            .AddTxt("example.com", "v=spf1 a:nx1.example.com include:inc.example.com ?all")
            .AddTxt("inc.example.com", "v=spf1 a:nx2.example.com a:nx3.example.com");
        Assert.Equal(SpfVerdict.PermError, (await Check(dns, "example.com")).Verdict);
        Assert.Equal(SpfVerdict.Neutral, (await Check(dns, "example.com", new SpfOptions { VoidLookupLimit = 3, Timeout = null })).Verdict);
    }

    [Fact]
    public async Task The_exp_lookup_is_not_a_void_lookup_and_happens_once_after_the_result()
    {
        var dns = new InMemoryDnsResolver()
            .AddTxt("example.com", "v=spf1 a:nx1.example.com a:nx2.example.com exp=nx3.example.com -all");
        SpfResult result = await Check(dns, "example.com");
        Assert.Equal(SpfVerdict.Fail, result.Verdict);
        Assert.Null(result.Explanation);
        Assert.Equal(1, dns.Queries.Count(q => q == "TXT nx3.example.com"));
    }

    [Fact]
    public async Task More_than_ten_mx_records_is_a_permerror()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 mx -all");
        for (int i = 0; i < 11; i++)
            dns.AddMx("example.com", i, $"mx{i}.example.com");
        dns.AddA("mx0.example.com", "192.0.2.10");
        Assert.Equal(SpfVerdict.PermError, (await Check(dns, "example.com")).Verdict);
    }

    [Fact]
    public async Task Only_ten_ptr_names_are_validated()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 ptr -all");
        for (int i = 0; i < 11; i++)
        {
            dns.AddPtr("192.0.2.10", $"host{i}.example.com");
            dns.AddA($"host{i}.example.com", i == 10 ? "192.0.2.10" : "198.51.100.1");
        }
        Assert.Equal(SpfVerdict.Fail, (await Check(dns, "example.com")).Verdict);
        Assert.DoesNotContain("A host10.example.com", dns.Queries);
    }

    [Theory]
    [InlineData("v=spf1 a:servfail.example.com -all")]
    [InlineData("v=spf1 mx:servfail.example.com -all")]
    [InlineData("v=spf1 exists:servfail.example.com -all")]
    [InlineData("v=spf1 include:servfail.example.com -all")]
    [InlineData("v=spf1 redirect=servfail.example.com")]
    [InlineData("v=spf1 mx:mx.example.com -all")]
    public async Task A_dns_failure_is_a_temperror(string record)
    {
        var dns = new InMemoryDnsResolver()
            .AddTxt("example.com", record)
            .AddTimeout("servfail.example.com")
            .AddMx("mx.example.com", 10, "servfail.example.com");
        SpfResult result = await Check(dns, "example.com");
        Assert.Equal(SpfVerdict.TempError, result.Verdict);
        Assert.Contains("servfail.example.com", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dns_failure_on_the_record_itself_is_a_temperror()
    {
        var dns = new InMemoryDnsResolver().AddTimeout("example.com");
        Assert.Equal(SpfVerdict.TempError, (await Check(dns, "example.com")).Verdict);
    }

    [Fact]
    public async Task A_ptr_lookup_failure_is_no_match()
    {
        // RFC 7208 §5.5: a DNS error on the PTR lookup makes "ptr" not match (no temperror).
        var dns = new InMemoryDnsResolver()
            .AddTxt("example.com", "v=spf1 ptr -all")
            .AddTimeout(InMemoryDnsResolver.ReverseName(Client));
        Assert.Equal(SpfVerdict.Fail, (await Check(dns, "example.com")).Verdict);
    }

    [Fact]
    public async Task A_resolver_that_throws_gives_temperror()
    {
        var checker = new SpfChecker(new ThrowingResolver(), new SpfOptions { Timeout = null });
        SpfResult result = await checker.CheckHostAsync(Client, "example.com", "user@example.com", "mail.example.com", default);
        Assert.Equal(SpfVerdict.TempError, result.Verdict);
    }

    [Fact]
    public async Task A_check_over_the_time_limit_is_a_temperror()
    {
        var time = new FakeTimeProvider();
        var dns = new HangingResolver();
        var checker = new SpfChecker(dns, new SpfOptions { Timeout = TimeSpan.FromSeconds(20), TimeProvider = time });
        Task<SpfResult> check = checker.CheckHostAsync(Client, "example.com", "user@example.com", "mail.example.com", default);
        await dns.Asked.Task;
        Assert.False(check.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(20));
        SpfResult result = await check;
        Assert.Equal(SpfVerdict.TempError, result.Verdict);
        Assert.Contains("§4.6.4", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_throws()
    {
        var dns = new HangingResolver();
        var checker = new SpfChecker(dns, new SpfOptions { Timeout = null });
        using var cts = new CancellationTokenSource();
        Task<SpfResult> check = checker.CheckHostAsync(Client, "example.com", "user@example.com", "mail.example.com", cts.Token);
        await dns.Asked.Task;
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check);
    }

    [Fact]
    public async Task Mail_from_identity()
    {
        var dns = new InMemoryDnsResolver().AddTxt("example.com", "v=spf1 ip4:192.0.2.0/24 -all");
        SpfResult result = await new SpfChecker(dns).CheckMailFromAsync(Client, "user@example.com", "mail.example.org");
        Assert.Equal(new SpfResult(SpfVerdict.Pass, "example.com", "mailfrom"), result);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Null_reverse_path_checks_postmaster_at_the_helo_name(string? mailFrom)
    {
        var dns = new InMemoryDnsResolver()
            .AddTxt("mail.example.org", "v=spf1 -all exp=why.example.org")
            .AddTxt("why.example.org", "%{s} via %{h}");
        SpfResult result = await new SpfChecker(dns).CheckMailFromAsync(Client, mailFrom, "mail.example.org");
        Assert.Equal(new SpfResult(SpfVerdict.Fail, "mail.example.org", "mailfrom", "postmaster@mail.example.org via mail.example.org"), result);
    }

    [Fact]
    public async Task Helo_identity()
    {
        var dns = new InMemoryDnsResolver().AddTxt("mail.example.org", "v=spf1 a -all").AddA("mail.example.org", "192.0.2.10");
        SpfResult result = await new SpfChecker(dns).CheckHeloAsync(Client, "mail.example.org");
        Assert.Equal(new SpfResult(SpfVerdict.Pass, "mail.example.org", "helo"), result);
    }

    [Theory]
    [InlineData("[192.0.2.10]")]
    [InlineData("localhost")]
    [InlineData("a..example.org")]
    [InlineData("")]
    public async Task Helo_that_is_no_domain_name_is_none(string helo)
    {
        var dns = new InMemoryDnsResolver();
        SpfResult result = await new SpfChecker(dns).CheckHeloAsync(Client, helo);
        Assert.Equal(SpfVerdict.None, result.Verdict);
        Assert.Empty(dns.Queries);
    }

    [Fact]
    public async Task Ipv4_mapped_client_is_matched_as_ipv4()
    {
        var dns = new InMemoryDnsResolver()
            .AddTxt("example.com", "v=spf1 ip6:::/0 a -all")
            .AddA("example.com", "192.0.2.10");
        SpfResult result = await Check(dns, "example.com", client: IPAddress.Parse("::ffff:192.0.2.10"));
        Assert.Equal(SpfVerdict.Pass, result.Verdict);
        Assert.Contains("A example.com", dns.Queries);
        Assert.DoesNotContain("AAAA example.com", dns.Queries);
    }

    [Fact]
    public async Task Explanation_is_expanded_with_the_record_domain_and_receiver()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var dns = new InMemoryDnsResolver()
            .AddTxt("example.com", "v=spf1 redirect=_spf.example.com")
            .AddTxt("_spf.example.com", "v=spf1 -all exp=exp.%{d}")
            .AddTxt("exp.example.com", "never used")
            .AddTxt("exp._spf.example.com", "%{d} refused %{c} at %{t} on %{r}");
        var checker = new SpfChecker(dns, new SpfOptions { ReceiverName = "mx.example.net", TimeProvider = time });
        SpfResult result = await checker.CheckHostAsync(Client, "example.com", "user@example.com", "helo.example.com", default);
        Assert.Equal("_spf.example.com refused 192.0.2.10 at 1700000000 on mx.example.net", result.Explanation);
    }

    [Fact]
    public async Task Malformed_content_never_throws()
    {
        var dns = new InMemoryDnsResolver()
            .AddTxt("example.com", "v=spf1 include:%{l}.%{d} exists:%{p}.%{d} a:%{h}.x -all exp=%{l}.%{d}")
            .AddTxt("x%00.example.com", "v=spf1 \0");
        SpfResult result = await Check(dns, "example.com", sender: "x%00@example.com", helo: new string('a', 300));
        Assert.Equal(SpfVerdict.PermError, result.Verdict);
    }

    private static Task<SpfResult> Check(InMemoryDnsResolver dns, string domain, SpfOptions? options = null,
        IPAddress? client = null, string? sender = null, string helo = "mail.example.org") =>
        new SpfChecker(dns, options ?? new SpfOptions { Timeout = null })
            .CheckHostAsync(client ?? Client, domain, sender ?? "user@" + domain, helo, default);

    private sealed class ThrowingResolver : IDnsResolver
    {
        public Task<DnsLookup<MxRecord>> LookupMxAsync(string domain, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<DnsLookup<IPAddress>> LookupAAsync(string name, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<DnsLookup<IPAddress>> LookupAaaaAsync(string name, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<DnsLookup<string>> LookupTxtAsync(string name, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<DnsLookup<TlsaRecord>> LookupTlsaAsync(string name, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
        public Task<DnsLookup<string>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken = default) => throw new InvalidOperationException();
    }

    /// <summary>Answers nothing until the query is cancelled.</summary>
    private sealed class HangingResolver : IDnsResolver
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<DnsLookup<MxRecord>> LookupMxAsync(string domain, CancellationToken cancellationToken = default) => Hang<MxRecord>(cancellationToken);
        public Task<DnsLookup<IPAddress>> LookupAAsync(string name, CancellationToken cancellationToken = default) => Hang<IPAddress>(cancellationToken);
        public Task<DnsLookup<IPAddress>> LookupAaaaAsync(string name, CancellationToken cancellationToken = default) => Hang<IPAddress>(cancellationToken);
        public Task<DnsLookup<string>> LookupTxtAsync(string name, CancellationToken cancellationToken = default) => Hang<string>(cancellationToken);
        public Task<DnsLookup<TlsaRecord>> LookupTlsaAsync(string name, CancellationToken cancellationToken = default) => Hang<TlsaRecord>(cancellationToken);
        public Task<DnsLookup<string>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken = default) => Hang<string>(cancellationToken);

        private async Task<DnsLookup<T>> Hang<T>(CancellationToken cancellationToken)
        {
            Asked.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return DnsLookup<T>.Failure;
        }
    }
}
