using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Wren.MailAuth.Dkim;
using Wren.Testing.Dns;

namespace Wren.MailAuth.Tests.Dkim;

/// <summary>The signed messages of dkimpy, MimeKit and Stalwart's mail-auth verify as their suites say.</summary>
public sealed class DkimVectorTests
{
    // mail-auth's SOURCE.md: its vectors verify with the clock at 1667843664 (2022-11-07); some have x= after it.
    private static readonly DateTimeOffset MailAuthTime = DateTimeOffset.FromUnixTimeSeconds(1667843664);

    private const string Brisbane = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    private static Task<IReadOnlyList<DkimResult>> VerifyAsync(MimeMessage message, FakeDnsResolver dns, DateTimeOffset? now = null) =>
        new DkimMessageVerifier(dns, new FakeTimeProvider(now ?? MailAuthTime)).VerifyAsync(message);

    [Theory]
    [InlineData("001.txt")]
    [InlineData("002.txt")]
    [InlineData("003.txt")]
    [InlineData("004.txt")]
    [InlineData("005.txt")]
    [InlineData("006.txt")]
    public async Task Mail_auth_vector_last_signature_passes(string file)
    {
        var dns = new FakeDnsResolver();
        MimeMessage message = DkimTestMessages.LoadMailAuth("mail-auth/dkim/" + file, dns);
        IReadOnlyList<DkimResult> results = await VerifyAsync(message, dns);
        Assert.NotEmpty(results);
        // The suite's rule: the last signature passes (mail-auth verifies the one nearest the body).
        Assert.Equal(DkimVerdict.Pass, results[^1].Verdict);
    }

    [Fact]
    public async Task Mail_auth_001_both_rfc8463_signatures_pass()
    {
        var dns = new FakeDnsResolver();
        MimeMessage message = DkimTestMessages.LoadMailAuth("mail-auth/dkim/001.txt", dns);
        IReadOnlyList<DkimResult> results = await VerifyAsync(message, dns);
        Assert.Collection(results,
            r => Assert.Equal((DkimVerdict.Pass, "ed25519-sha256", "brisbane"), (r.Verdict, r.Algorithm, r.Selector)),
            r => Assert.Equal((DkimVerdict.Pass, "rsa-sha256", "test"), (r.Verdict, r.Algorithm, r.Selector)));
        Assert.All(results, r => Assert.Equal("football.example.com", r.Domain));
    }

    [Fact]
    public async Task Mail_auth_005_is_expired_one_day_later()
    {
        var dns = new FakeDnsResolver();
        MimeMessage message = DkimTestMessages.LoadMailAuth("mail-auth/dkim/005.txt", dns);
        IReadOnlyList<DkimResult> results = await VerifyAsync(message, dns, MailAuthTime.AddDays(2));
        DkimResult result = Assert.Single(results);
        Assert.Equal(DkimVerdict.PermError, result.Verdict);
        Assert.Contains("expired", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dkimpy_rfc6376_signed_passes_ed25519_and_rsa()
    {
        var dns = new FakeDnsResolver();
        dns.AddTxt("test._domainkey.football.example.com", DkimTestMessages.Text("dkim/dkimpy/test.txt"));
        dns.AddTxt("brisbane._domainkey.football.example.com", Brisbane);
        IReadOnlyList<DkimResult> results = await VerifyAsync(DkimTestMessages.Load("dkim/dkimpy/rfc6376.signed.msg"), dns);
        Assert.Equal([DkimVerdict.Pass, DkimVerdict.Pass], results.Select(r => r.Verdict));
        Assert.Equal(["ed25519-sha256", "rsa-sha256"], results.Select(r => r.Algorithm));
    }

    [Fact]
    public async Task Dkimpy_rfc6376_signed_rsa_with_a_damaged_key_is_a_key_syntax_error()
    {
        // dkimpy's test_catch_bad_key: the record's base64 lacks a character.
        var dns = new FakeDnsResolver();
        dns.AddTxt("test._domainkey.football.example.com",
            "k=rsa; p=MFwwDQYJKoZIhvNAQEBBQADSwAwSAJBANmBe10IgY+u7h3enWTukkqtUD5PR52Tb/mPfjC0QJTocVBq6Za/PlzfV+Py92VaCak19F4WrbVTK5Gg5tW220MCAwEAAQ==");
        dns.AddTxt("brisbane._domainkey.football.example.com", Brisbane);
        IReadOnlyList<DkimResult> results = await VerifyAsync(DkimTestMessages.Load("dkim/dkimpy/rfc6376.signed.rsa.msg"), dns);
        DkimResult rsa = Assert.Single(results, r => r.Algorithm == "rsa-sha256");
        Assert.Equal(DkimVerdict.PermError, rsa.Verdict);
        Assert.Contains("key syntax error", rsa.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dkimpy_exim_ed25519_message_passes()
    {
        var dns = new FakeDnsResolver();
        dns.AddTxt("sed._domainkey.test.ex", DkimTestMessages.Text("dkim/dkimpy/eximtest.dns"));
        IReadOnlyList<DkimResult> results = await VerifyAsync(DkimTestMessages.Load("dkim/dkimpy/ed25519test2.msg"), dns);
        Assert.Equal(DkimVerdict.Pass, Assert.Single(results).Verdict);
    }

    [Fact]
    public async Task Dkimpy_bad_domain_does_not_pass()
    {
        var dns = new FakeDnsResolver();
        dns.AddTxt("test._domainkey.example.com", DkimTestMessages.Text("dkim/dkimpy/test.txt"));
        IReadOnlyList<DkimResult> results = await VerifyAsync(DkimTestMessages.Load("dkim/dkimpy/test.message.baddomain"), dns);
        Assert.All(results, r => Assert.NotEqual(DkimVerdict.Pass, r.Verdict));
    }

    [Theory]
    [InlineData("gmail.msg")]
    [InlineData("related.msg")]
    [InlineData("multipart-no-end-boundary.msg")]
    public async Task MimeKit_gmail_messages_pass(string file)
    {
        var dns = new FakeDnsResolver();
        DkimTestMessages.AddTxt(dns, "20120113._domainkey.gmail.com", DkimTestMessages.RsaRecordFromPem("dkim/mimekit/gmail.pub"));
        IReadOnlyList<DkimResult> results = await VerifyAsync(DkimTestMessages.Load("dkim/mimekit/" + file), dns);
        DkimResult result = Assert.Single(results);
        Assert.Equal((DkimVerdict.Pass, "gmail.com", "20120113"), (result.Verdict, result.Domain, result.Selector));
    }

    [Fact]
    public async Task MimeKit_rfc8463_example_passes_both()
    {
        var dns = new FakeDnsResolver();
        dns.AddTxt("brisbane._domainkey.football.example.com", Brisbane);
        dns.AddTxt("test._domainkey.football.example.com", DkimTestMessages.Text("dkim/dkimpy/test.txt"));
        IReadOnlyList<DkimResult> results = await VerifyAsync(DkimTestMessages.Load("dkim/mimekit/rfc8463-example.msg"), dns);
        Assert.Equal([DkimVerdict.Pass, DkimVerdict.Pass], results.Select(r => r.Verdict));
    }

    [Fact]
    public async Task Unsigned_message_gives_no_results()
    {
        IReadOnlyList<DkimResult> results = await VerifyAsync(DkimTestMessages.Load("dkim/dkimpy/rfc6376.msg"), new FakeDnsResolver());
        Assert.Empty(results);
    }
}
