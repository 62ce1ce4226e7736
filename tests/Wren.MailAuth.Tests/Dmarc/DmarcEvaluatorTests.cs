using Wren.MailAuth.Dkim;
using Wren.MailAuth.Dmarc;
using Wren.MailAuth.Spf;
using Wren.Testing.Dns;
using static Wren.MailAuth.Tests.Dmarc.DmarcTestDns;

namespace Wren.MailAuth.Tests.Dmarc;

public sealed class DmarcEvaluatorTests
{
    private readonly FakeDnsResolver _dns = new();

    private Task<DmarcResult> Evaluate(string? from, SpfResult? spf = null, IReadOnlyList<DkimResult>? dkim = null, Func<int, int>? random = null) =>
        Evaluator(_dns, random).EvaluateAsync(from, spf ?? NoSpf, dkim ?? [], CancellationToken.None);

    [Fact]
    public async Task Aligned_spf_pass_passes()
    {
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");
        var r = await Evaluate("example.com", SpfOf(SpfVerdict.Pass, "example.com"));
        Assert.Equal(DmarcVerdict.Pass, r.Verdict);
        Assert.True(r.SpfAligned);
        Assert.False(r.DkimAligned);
        Assert.Equal(DmarcPolicy.Reject, r.Policy);
        Assert.Equal(DmarcPolicy.None, r.Disposition);
        Assert.Equal("example.com", r.PolicyDomain);
        Assert.NotNull(r.Record);
    }

    [Fact]
    public async Task An_spf_pass_for_the_helo_identity_does_not_align()
    {
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");
        var r = await Evaluate("example.com", new SpfResult(SpfVerdict.Pass, "example.com", Identity: "helo"));
        Assert.Equal(DmarcVerdict.Fail, r.Verdict);
        Assert.False(r.SpfAligned);
    }

    [Theory]
    [InlineData(SpfVerdict.SoftFail)]
    [InlineData(SpfVerdict.Neutral)]
    [InlineData(SpfVerdict.None)]
    [InlineData(SpfVerdict.TempError)]
    [InlineData(SpfVerdict.PermError)]
    public async Task Only_an_spf_pass_can_align(SpfVerdict verdict)
    {
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=quarantine");
        var r = await Evaluate("example.com", SpfOf(verdict, "example.com"));
        Assert.Equal(DmarcVerdict.Fail, r.Verdict);
        Assert.Equal(DmarcPolicy.Quarantine, r.Disposition);
    }

    [Fact]
    public async Task One_aligned_dkim_pass_among_several_signatures_is_enough()
    {
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject; adkim=s");
        DkimResult[] signatures =
        [
            DkimOf(DkimVerdict.Fail, "example.com"),
            DkimOf(DkimVerdict.Pass, "esp.example.net"),
            DkimOf(DkimVerdict.Policy, "example.com"),
            new(DkimVerdict.PermError, null, null, null),
        ];
        var failing = await Evaluate("example.com", dkim: signatures);
        Assert.Equal(DmarcVerdict.Fail, failing.Verdict);

        var passing = await Evaluate("example.com", dkim: [.. signatures, DkimOf(DkimVerdict.Pass, "example.com")]);
        Assert.Equal(DmarcVerdict.Pass, passing.Verdict);
        Assert.True(passing.DkimAligned);
    }

    [Fact]
    public async Task Discovery_falls_back_to_the_organizational_domain()
    {
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");
        var r = await Evaluate("a.b.news.example.com");
        Assert.Equal(DmarcVerdict.Fail, r.Verdict);
        Assert.Equal("example.com", r.PolicyDomain);
        Assert.Equal(["_dmarc.a.b.news.example.com", "_dmarc.example.com"], _dns.Queries.Select(q => q.Name.TrimEnd('.')));
    }

    [Fact]
    public async Task Txt_records_that_are_not_dmarc_are_discarded_before_the_fallback()
    {
        _dns.AddTxt("_dmarc.news.example.com", "v=spf1 -all");
        _dns.AddTxt("_dmarc.news.example.com", "some verification token");
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=quarantine");
        var r = await Evaluate("news.example.com");
        Assert.Equal("example.com", r.PolicyDomain);
        Assert.Equal(DmarcPolicy.Quarantine, r.Policy);
    }

    [Fact]
    public async Task A_record_at_the_from_domain_wins_and_its_sp_does_not_apply()
    {
        _dns.AddTxt("_dmarc.news.example.com", "v=DMARC1; p=none; sp=reject");
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");
        var r = await Evaluate("news.example.com");
        Assert.Equal("news.example.com", r.PolicyDomain);
        Assert.Equal(DmarcPolicy.None, r.Policy);
        Assert.Equal(DmarcPolicy.None, r.Disposition);
        Assert.False(r.SubdomainPolicyApplied);
        Assert.Single(_dns.Queries);
    }

    [Theory]
    [InlineData("example.com", "v=DMARC1; p=reject; sp=quarantine", DmarcPolicy.Reject, false)]
    [InlineData("news.example.com", "v=DMARC1; p=reject; sp=quarantine", DmarcPolicy.Quarantine, true)]
    [InlineData("news.example.com", "v=DMARC1; p=quarantine; sp=none", DmarcPolicy.None, true)]
    [InlineData("news.example.com", "v=DMARC1; p=none; sp=reject", DmarcPolicy.Reject, true)]
    [InlineData("news.example.com", "v=DMARC1; p=reject", DmarcPolicy.Reject, false)] // no sp=: p= for subdomains too
    [InlineData("example.com", "v=DMARC1; p=none; sp=reject", DmarcPolicy.None, false)]
    public async Task Sp_applies_to_subdomains_of_the_organizational_domain(string from, string record, DmarcPolicy expected, bool sp)
    {
        _dns.AddTxt("_dmarc.example.com", record);
        var r = await Evaluate(from);
        Assert.Equal(DmarcVerdict.Fail, r.Verdict);
        Assert.Equal(expected, r.Policy);
        Assert.Equal(expected, r.Disposition);
        Assert.Equal(sp, r.SubdomainPolicyApplied);
    }

    [Fact]
    public async Task No_record_anywhere_is_none()
    {
        var r = await Evaluate("news.example.com", SpfOf(SpfVerdict.Pass, "example.com"));
        Assert.Equal(DmarcVerdict.None, r.Verdict);
        Assert.Equal(DmarcPolicy.None, r.Disposition);
        Assert.Null(r.PolicyDomain);
        Assert.Equal(2, _dns.QueryCount);
    }

    [Fact]
    public async Task The_organizational_domain_itself_is_asked_once()
    {
        var r = await Evaluate("example.com");
        Assert.Equal(DmarcVerdict.None, r.Verdict);
        Assert.Equal(1, _dns.QueryCount);
    }

    [Fact]
    public async Task Several_records_mean_none_without_a_fallback()
    {
        _dns.AddTxt("_dmarc.news.example.com", "v=DMARC1; p=none");
        _dns.AddTxt("_dmarc.news.example.com", "v=DMARC1; p=reject");
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");
        var r = await Evaluate("news.example.com");
        Assert.Equal(DmarcVerdict.None, r.Verdict);
        Assert.Contains("2 DMARC records", r.Problem);
        Assert.Equal(1, _dns.QueryCount);
    }

    [Fact]
    public async Task Several_records_at_the_organizational_domain_mean_none()
    {
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=none");
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");
        Assert.Equal(DmarcVerdict.None, (await Evaluate("news.example.com")).Verdict);
    }

    [Fact]
    public async Task A_record_split_into_several_strings_is_one_record()
    {
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; ", "p=reject; ", "pct=100");
        Assert.Equal(DmarcPolicy.Reject, (await Evaluate("example.com")).Disposition);
    }

    [Fact]
    public async Task Servfail_at_the_from_domain_is_temperror()
    {
        _dns.Fail("_dmarc.example.com");
        var r = await Evaluate("example.com", SpfOf(SpfVerdict.Pass, "example.com"));
        Assert.Equal(DmarcVerdict.TempError, r.Verdict);
        Assert.Equal(DmarcPolicy.None, r.Disposition);
        Assert.Contains("_dmarc.example.com", r.Problem);
    }

    [Fact]
    public async Task Servfail_at_the_organizational_domain_is_temperror()
    {
        _dns.Fail("_dmarc.example.com");
        Assert.Equal(DmarcVerdict.TempError, (await Evaluate("news.example.com")).Verdict);
    }

    [Fact]
    public async Task Servfail_at_the_from_domain_stops_before_the_fallback()
    {
        _dns.Fail("_dmarc.news.example.com");
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");
        Assert.Equal(DmarcVerdict.TempError, (await Evaluate("news.example.com")).Verdict);
        Assert.Equal(1, _dns.QueryCount);
    }

    [Fact]
    public async Task A_record_without_usable_policy_is_permerror()
    {
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=block");
        var r = await Evaluate("example.com");
        Assert.Equal(DmarcVerdict.PermError, r.Verdict);
        Assert.Equal(DmarcPolicy.None, r.Disposition);
        Assert.Contains("invalid p=", r.Problem);
    }

    [Fact]
    public async Task An_invalid_p_with_a_valid_rua_is_evaluated_as_p_none()
    {
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=block; rua=mailto:dmarc@example.com");
        var r = await Evaluate("example.com");
        Assert.Equal(DmarcVerdict.Fail, r.Verdict);
        Assert.Equal(DmarcPolicy.None, r.Policy);
        Assert.Equal(DmarcPolicy.None, r.Disposition);
        Assert.True(r.Record!.PolicyWasInvalid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("not a domain")]
    [InlineData("[192.0.2.1]")]
    [InlineData("a..example.com")]
    public async Task No_usable_from_domain_is_permerror(string? from)
    {
        var r = await Evaluate(from);
        Assert.Equal(DmarcVerdict.PermError, r.Verdict);
        Assert.Equal(DmarcPolicy.None, r.Disposition);
        Assert.NotNull(r.Problem);
        Assert.Equal(0, _dns.QueryCount);
    }

    [Fact]
    public async Task A_unicode_from_domain_is_looked_up_and_aligned_as_a_labels()
    {
        _dns.AddTxt("_dmarc.xn--bcher-kva.example", "v=DMARC1; p=reject; adkim=s");
        var r = await Evaluate("Bücher.example", dkim: [DkimOf(DkimVerdict.Pass, "xn--bcher-kva.example")]);
        Assert.Equal(DmarcVerdict.Pass, r.Verdict);
        Assert.Equal("xn--bcher-kva.example", r.FromDomain);
    }

    // RFC 7489 §6.6.4: a failing message outside the pct= sample gets the next lower policy.
    [Theory]
    [InlineData("reject", 50, 0, DmarcPolicy.Reject, true)]
    [InlineData("reject", 50, 49, DmarcPolicy.Reject, true)]
    [InlineData("reject", 50, 50, DmarcPolicy.Quarantine, false)]
    [InlineData("reject", 50, 99, DmarcPolicy.Quarantine, false)]
    [InlineData("quarantine", 50, 49, DmarcPolicy.Quarantine, true)]
    [InlineData("quarantine", 50, 50, DmarcPolicy.None, false)]
    [InlineData("reject", 1, 0, DmarcPolicy.Reject, true)]
    [InlineData("reject", 1, 1, DmarcPolicy.Quarantine, false)]
    [InlineData("reject", 99, 98, DmarcPolicy.Reject, true)]
    [InlineData("reject", 99, 99, DmarcPolicy.Quarantine, false)]
    public async Task Pct_sampling(string policy, int pct, int draw, DmarcPolicy expected, bool sampled)
    {
        _dns.AddTxt("_dmarc.example.com", $"v=DMARC1; p={policy}; pct={pct}");
        int calls = 0;
        var r = await Evaluate("example.com", random: n => { calls++; Assert.Equal(100, n); return draw; });
        Assert.Equal(DmarcVerdict.Fail, r.Verdict);
        Assert.Equal(expected, r.Disposition);
        Assert.Equal(sampled, r.Sampled);
        Assert.Equal(1, calls);
    }

    [Theory]
    [InlineData("v=DMARC1; p=reject; pct=0", DmarcPolicy.Quarantine, false)]
    [InlineData("v=DMARC1; p=quarantine; pct=0", DmarcPolicy.None, false)]
    [InlineData("v=DMARC1; p=reject; pct=100", DmarcPolicy.Reject, null)]
    [InlineData("v=DMARC1; p=reject", DmarcPolicy.Reject, null)]
    [InlineData("v=DMARC1; p=none; pct=10", DmarcPolicy.None, null)]
    public async Task Pct_edges_draw_nothing(string record, DmarcPolicy expected, bool? sampled)
    {
        _dns.AddTxt("_dmarc.example.com", record);
        var r = await Evaluate("example.com"); // the default random source of the tests throws if called
        Assert.Equal(expected, r.Disposition);
        Assert.Equal(sampled, r.Sampled);
    }

    [Fact]
    public async Task A_passing_message_is_never_sampled()
    {
        _dns.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject; pct=10");
        var r = await Evaluate("example.com", dkim: [DkimOf(DkimVerdict.Pass, "example.com")]);
        Assert.Equal(DmarcVerdict.Pass, r.Verdict);
        Assert.Null(r.Sampled);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Evaluator(_dns).EvaluateAsync("example.com", NoSpf, [], cts.Token));
    }
}
