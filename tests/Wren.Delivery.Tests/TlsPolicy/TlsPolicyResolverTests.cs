using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Wren.Delivery.Outbound.TlsPolicy;
using Wren.Mail.Dns;
using static Wren.Delivery.Tests.TlsPolicy.TestCertificates;

namespace Wren.Delivery.Tests.TlsPolicy;

/// <summary>The decision table: DANE, then MTA-STS, then opportunistic — with real TLS handshakes for the certificate checks.</summary>
public sealed class TlsPolicyResolverTests : IDisposable
{
    private const string Mx = "mx.example.com";
    private const string TlsaName = "_25._tcp.mx.example.com";

    private static readonly MtaStsPolicy EnforcePolicy = new(MtaStsMode.Enforce, ["*.example.com"], TimeSpan.FromDays(1));
    private static readonly MtaStsPolicy TestingPolicy = new(MtaStsMode.Testing, ["*.example.com"], TimeSpan.FromDays(1));
    private static readonly DomainTlsPolicy NoPolicy = new("example.com", null, "none");

    private readonly InMemoryDns _dns = new();
    private readonly X509Certificate2 _root = Ca("Test Root");
    private readonly List<TlsPolicyResolver> _resolvers = [];

    private TlsPolicyResolver Resolver(bool dane = true)
    {
        var resolver = new TlsPolicyResolver(_dns, new TlsPolicyOptions { EnableDane = dane, ExtraTrustedRoots = [_root] },
            TimeProvider.System, NullLogger<TlsPolicyResolver>.Instance);
        _resolvers.Add(resolver);
        return resolver;
    }

    public void Dispose() => _resolvers.ForEach(r => r.Dispose());

    private static DomainTlsPolicy With(MtaStsPolicy policy) => new("example.com", policy, "test");

    [Fact]
    public async Task Authenticated_usable_tlsa_means_dane_and_the_certificate_must_match()
    {
        X509Certificate2 server = SelfSigned("whatever.invalid");
        _dns.SetTlsa(TlsaName, authenticated: true, Tlsa(3, 1, 1, server));

        HostTlsPolicy policy = await Resolver().ForHostAsync(NoPolicy, Mx, mxAuthenticated: true, 25, default);

        Assert.Equal(TlsRequirement.Dane, policy.Requirement);
        Assert.True(policy.HostAllowed);
        Assert.True(policy.RequiresTls);
        Assert.True(await TlsHandshake.ClientAcceptsAsync(server, [], Mx, policy.Validation));
        Assert.Null(policy.ValidationFailure);

        HostTlsPolicy again = await Resolver().ForHostAsync(NoPolicy, Mx, true, 25, default);
        Assert.False(await TlsHandshake.ClientAcceptsAsync(SelfSigned(Mx), [], Mx, again.Validation));
        Assert.Equal("TLS policy: certificate does not match TLSA", again.ValidationFailure);
    }

    [Fact]
    public async Task Dane_ta_works_over_a_real_handshake_with_the_chain_the_server_sends()
    {
        // The TLS stack never sends a self-signed root, so the anchor here is the intermediate the server sends.
        X509Certificate2 intermediate = Intermediate(_root, "Test Intermediate");
        X509Certificate2 leaf = Leaf(intermediate, null, Mx);
        _dns.SetTlsa(TlsaName, authenticated: true, Tlsa(2, 1, 1, intermediate));
        HostTlsPolicy policy = await Resolver().ForHostAsync(NoPolicy, Mx, true, 25, default);

        Assert.True(await TlsHandshake.ClientAcceptsAsync(leaf, [intermediate, _root], Mx, policy.Validation), policy.ValidationFailure);

        _dns.SetTlsa("_25._tcp.mx2.example.org", authenticated: true, Tlsa(2, 1, 1, intermediate));
        HostTlsPolicy wrongName = await Resolver().ForHostAsync(new DomainTlsPolicy("example.org", null, "none"), "mx2.example.org", true, 25, default);
        Assert.False(await TlsHandshake.ClientAcceptsAsync(leaf, [intermediate, _root], "mx2.example.org", wrongName.Validation));
        Assert.Equal("TLS policy: certificate name matches none of mx2.example.org, example.org (DANE-TA)", wrongName.ValidationFailure);
    }

    [Fact]
    public async Task Dane_uses_the_port_in_the_tlsa_name()
    {
        _dns.SetTlsa("_2525._tcp.mx.example.com", authenticated: true, Tlsa(3, 1, 1, SelfSigned(Mx)));
        Assert.Equal(TlsRequirement.Dane, (await Resolver().ForHostAsync(NoPolicy, Mx, true, 2525, default)).Requirement);
        Assert.Equal(TlsRequirement.Opportunistic, (await Resolver().ForHostAsync(NoPolicy, Mx, true, 25, default)).Requirement);
    }

    [Fact]
    public async Task An_unauthenticated_mx_answer_means_no_dane_and_no_tlsa_lookup()
    {
        _dns.SetTlsa(TlsaName, authenticated: true, Tlsa(3, 1, 1, SelfSigned(Mx)));
        HostTlsPolicy policy = await Resolver().ForHostAsync(NoPolicy, Mx, mxAuthenticated: false, 25, default);
        Assert.Equal(TlsRequirement.Opportunistic, policy.Requirement);
        Assert.DoesNotContain(_dns.Queries, q => q.StartsWith("TLSA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dane_disabled_means_no_tlsa_lookup()
    {
        _dns.SetTlsa(TlsaName, authenticated: true, Tlsa(3, 1, 1, SelfSigned(Mx)));
        HostTlsPolicy policy = await Resolver(dane: false).ForHostAsync(NoPolicy, Mx, true, 25, default);
        Assert.Equal(TlsRequirement.Opportunistic, policy.Requirement);
        Assert.Empty(_dns.Queries);
    }

    [Fact]
    public async Task A_failed_tlsa_lookup_defers_the_host()
    {
        _dns.Tlsa[TlsaName] = DnsLookup<TlsaRecord>.Failure;
        HostTlsPolicy policy = await Resolver().ForHostAsync(With(EnforcePolicy), Mx, true, 25, default);
        Assert.False(policy.HostAllowed);
        Assert.True(policy.Deferred);
        Assert.Contains("TLSA lookup", policy.Description);
    }

    [Fact]
    public async Task Unauthenticated_tlsa_records_are_ignored()
    {
        _dns.SetTlsa(TlsaName, authenticated: false, Tlsa(3, 1, 1, SelfSigned(Mx)));
        HostTlsPolicy policy = await Resolver().ForHostAsync(NoPolicy, Mx, true, 25, default);
        Assert.Equal(TlsRequirement.Opportunistic, policy.Requirement);
        Assert.Contains("not DNSSEC-authenticated", policy.Description);
    }

    [Fact]
    public async Task Only_unusable_tlsa_records_fall_back_to_opportunistic()
    {
        X509Certificate2 server = SelfSigned(Mx);
        _dns.SetTlsa(TlsaName, authenticated: true, Tlsa(1, 1, 1, server), Tlsa(3, 1, 7, server));
        HostTlsPolicy policy = await Resolver().ForHostAsync(NoPolicy, Mx, true, 25, default);
        Assert.Equal(TlsRequirement.Opportunistic, policy.Requirement);
        Assert.True(policy.HostAllowed);
        Assert.Contains("only unusable TLSA records", policy.Description);
        Assert.True(await TlsHandshake.ClientAcceptsAsync(SelfSigned("x.invalid"), [], Mx, policy.Validation));
    }

    [Fact]
    public async Task Dane_takes_precedence_over_mta_sts()
    {
        X509Certificate2 server = SelfSigned("not-in-policy.example.org");
        _dns.SetTlsa("_25._tcp.mx.example.org", authenticated: true, Tlsa(3, 1, 1, server));
        HostTlsPolicy policy = await Resolver().ForHostAsync(With(EnforcePolicy), "mx.example.org", true, 25, default);
        Assert.Equal(TlsRequirement.Dane, policy.Requirement);
        Assert.True(policy.HostAllowed);
        Assert.True(await TlsHandshake.ClientAcceptsAsync(server, [], "mx.example.org", policy.Validation));
    }

    [Fact]
    public async Task Mta_sts_enforce_requires_a_valid_certificate_for_the_mx_name()
    {
        HostTlsPolicy policy = await Resolver().ForHostAsync(With(EnforcePolicy), Mx, false, 25, default);
        Assert.Equal(TlsRequirement.Verified, policy.Requirement);
        Assert.True(policy.HostAllowed);
        Assert.True(await TlsHandshake.ClientAcceptsAsync(Leaf(_root, null, Mx), [_root], Mx, policy.Validation), policy.ValidationFailure);

        HostTlsPolicy wrongName = await Resolver().ForHostAsync(With(EnforcePolicy), Mx, false, 25, default);
        Assert.False(await TlsHandshake.ClientAcceptsAsync(Leaf(_root, null, "other.example.com"), [_root], Mx, wrongName.Validation));
        Assert.Equal("TLS policy: certificate name does not match", wrongName.ValidationFailure);

        HostTlsPolicy selfSigned = await Resolver().ForHostAsync(With(EnforcePolicy), Mx, false, 25, default);
        Assert.False(await TlsHandshake.ClientAcceptsAsync(SelfSigned(Mx), [], Mx, selfSigned.Validation));
        Assert.StartsWith("TLS policy: certificate chain not trusted", selfSigned.ValidationFailure);
    }

    [Fact]
    public async Task Mta_sts_enforce_skips_hosts_outside_the_policy()
    {
        HostTlsPolicy policy = await Resolver().ForHostAsync(With(EnforcePolicy), "mx.example.org", false, 25, default);
        Assert.False(policy.HostAllowed);
        Assert.False(policy.Deferred);
        Assert.Contains("matches no mx", policy.Description);

        HostTlsPolicy deeper = await Resolver().ForHostAsync(With(EnforcePolicy), "a.b.example.com", false, 25, default);
        Assert.False(deeper.HostAllowed);
    }

    [Fact]
    public async Task Mta_sts_testing_is_opportunistic_and_only_records_failures()
    {
        HostTlsPolicy policy = await Resolver().ForHostAsync(With(TestingPolicy), Mx, false, 25, default);
        Assert.Equal(TlsRequirement.Opportunistic, policy.Requirement);
        Assert.True(await TlsHandshake.ClientAcceptsAsync(SelfSigned(Mx), [], Mx, policy.Validation));
        Assert.StartsWith("TLS policy: certificate chain not trusted", policy.ValidationFailure);

        HostTlsPolicy outside = await Resolver().ForHostAsync(With(TestingPolicy), "mx.example.org", false, 25, default);
        Assert.True(outside.HostAllowed);
    }

    [Fact]
    public async Task No_policy_accepts_any_certificate()
    {
        HostTlsPolicy policy = await Resolver().ForHostAsync(NoPolicy, Mx, true, 25, default);
        Assert.Equal(TlsRequirement.Opportunistic, policy.Requirement);
        Assert.False(policy.RequiresTls);
        Assert.True(await TlsHandshake.ClientAcceptsAsync(SelfSigned("someone-else.invalid"), [], Mx, policy.Validation));
        Assert.Null(policy.ValidationFailure);
    }

    [Fact]
    public async Task For_domain_fetches_the_policy_and_mode_none_counts_as_no_policy()
    {
        X509Certificate2 certificate = SelfSigned("mta-sts.example.com");
        await using var server = new TestHttpsServer(certificate, TestHttpsServer.Ok("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 600\n"));
        _dns.SetA("mta-sts.example.com", IPAddress.Loopback);
        _dns.SetTxt("_mta-sts.example.com", "v=STSv1; id=1");
        using var resolver = new TlsPolicyResolver(_dns, new TlsPolicyOptions { ExtraTrustedRoots = [certificate], MtaStsPort = server.Port },
            TimeProvider.System, NullLogger<TlsPolicyResolver>.Instance);

        DomainTlsPolicy domain = await resolver.ForDomainAsync("Example.COM.", default);
        Assert.Equal("example.com", domain.Domain);
        Assert.Equal(MtaStsMode.Enforce, domain.MtaSts?.Mode);
        Assert.Equal(TlsRequirement.Verified, (await resolver.ForHostAsync(domain, Mx, false, 25, default)).Requirement);

        server.Response = TestHttpsServer.Ok("version: STSv1\nmode: none\nmax_age: 600\n");
        _dns.SetTxt("_mta-sts.example.com", "v=STSv1; id=2");
        DomainTlsPolicy withdrawn = await resolver.ForDomainAsync("example.com", default);
        Assert.Null(withdrawn.MtaSts);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Mta_sts_disabled_means_no_lookup()
    {
        using var resolver = new TlsPolicyResolver(_dns, new TlsPolicyOptions { EnableMtaSts = false }, TimeProvider.System, NullLogger<TlsPolicyResolver>.Instance);
        DomainTlsPolicy domain = await resolver.ForDomainAsync("example.com", default);
        Assert.Null(domain.MtaSts);
        Assert.Empty(_dns.Queries);
    }
}
