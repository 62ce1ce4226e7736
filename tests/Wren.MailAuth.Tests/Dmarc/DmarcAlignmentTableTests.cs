using Wren.MailAuth.Dkim;
using Wren.MailAuth.Dmarc;
using Wren.MailAuth.Spf;
using Wren.Testing.Dns;
using static Wren.MailAuth.Tests.Dmarc.DmarcTestDns;

namespace Wren.MailAuth.Tests.Dmarc;

/// <summary>
/// The DMARC alignment table: strict/relaxed × From at the organizational domain or a subdomain × the authenticated
/// identifier (same name, org domain, sibling subdomain, child, unrelated) × SPF pass/fail × DKIM pass/fail.
/// </summary>
public sealed class DmarcAlignmentTableTests
{
    /// <summary>The alignment half of the table, written out: mode, From domain, authenticated domain, aligned?</summary>
    private static readonly (DmarcAlignmentMode Mode, string From, string Identifier, bool Aligned)[] Alignment =
    [
        // From at the organizational domain.
        (DmarcAlignmentMode.Strict, "example.com", "example.com", true),
        (DmarcAlignmentMode.Strict, "example.com", "mail.example.com", false),
        (DmarcAlignmentMode.Strict, "example.com", "EXAMPLE.COM", true),
        (DmarcAlignmentMode.Strict, "example.com", "example.net", false),
        (DmarcAlignmentMode.Relaxed, "example.com", "example.com", true),
        (DmarcAlignmentMode.Relaxed, "example.com", "mail.example.com", true),
        (DmarcAlignmentMode.Relaxed, "example.com", "EXAMPLE.COM", true),
        (DmarcAlignmentMode.Relaxed, "example.com", "example.net", false),
        // From at a subdomain (its record is the organizational domain's).
        (DmarcAlignmentMode.Strict, "news.example.com", "news.example.com", true),
        (DmarcAlignmentMode.Strict, "news.example.com", "example.com", false),
        (DmarcAlignmentMode.Strict, "news.example.com", "bounce.example.com", false),
        (DmarcAlignmentMode.Strict, "news.example.com", "a.news.example.com", false),
        (DmarcAlignmentMode.Strict, "news.example.com", "example.net", false),
        (DmarcAlignmentMode.Relaxed, "news.example.com", "news.example.com", true),
        (DmarcAlignmentMode.Relaxed, "news.example.com", "example.com", true),
        (DmarcAlignmentMode.Relaxed, "news.example.com", "bounce.example.com", true),
        (DmarcAlignmentMode.Relaxed, "news.example.com", "a.news.example.com", true),
        (DmarcAlignmentMode.Relaxed, "news.example.com", "example.net", false),
        // Under a multi-label public suffix, the organizational domain is one label below co.uk.
        (DmarcAlignmentMode.Relaxed, "news.example.co.uk", "example.co.uk", true),
        (DmarcAlignmentMode.Relaxed, "news.example.co.uk", "other.co.uk", false),
        (DmarcAlignmentMode.Strict, "news.example.co.uk", "example.co.uk", false),
    ];

    public static TheoryData<DmarcAlignmentMode, string, string, bool, bool, DmarcVerdict, bool, bool> Cases()
    {
        var data = new TheoryData<DmarcAlignmentMode, string, string, bool, bool, DmarcVerdict, bool, bool>();
        foreach (var (mode, from, identifier, aligned) in Alignment)
        {
            foreach (bool spfPass in new[] { true, false })
            {
                foreach (bool dkimPass in new[] { true, false })
                {
                    // RFC 7489 §4.2: pass when at least one mechanism passes with an aligned identifier.
                    bool spfAligned = spfPass && aligned, dkimAligned = dkimPass && aligned;
                    var verdict = spfAligned || dkimAligned ? DmarcVerdict.Pass : DmarcVerdict.Fail;
                    data.Add(mode, from, identifier, spfPass, dkimPass, verdict, spfAligned, dkimAligned);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Alignment_table(
        DmarcAlignmentMode mode, string from, string identifier, bool spfPass, bool dkimPass,
        DmarcVerdict expected, bool expectSpfAligned, bool expectDkimAligned)
    {
        var dns = new FakeDnsResolver();
        string m = mode == DmarcAlignmentMode.Strict ? "s" : "r";
        dns.AddTxt("_dmarc.example.com", $"v=DMARC1; p=reject; adkim={m}; aspf={m}");
        dns.AddTxt("_dmarc.example.co.uk", $"v=DMARC1; p=reject; adkim={m}; aspf={m}");

        var result = await Evaluator(dns).EvaluateAsync(
            from,
            SpfOf(spfPass ? SpfVerdict.Pass : SpfVerdict.Fail, identifier),
            [DkimOf(dkimPass ? DkimVerdict.Pass : DkimVerdict.Fail, identifier)],
            CancellationToken.None);

        Assert.Equal(expected, result.Verdict);
        Assert.Equal(expectSpfAligned, result.SpfAligned);
        Assert.Equal(expectDkimAligned, result.DkimAligned);
        Assert.Equal(DmarcPolicy.Reject, result.Policy);
        Assert.Equal(expected == DmarcVerdict.Pass ? DmarcPolicy.None : DmarcPolicy.Reject, result.Disposition);
        Assert.Equal(from.EndsWith(".co.uk", StringComparison.Ordinal) ? "example.co.uk" : "example.com", result.PolicyDomain);
    }

    [Theory]
    [InlineData("a.example.com", "b.example.com", DmarcAlignmentMode.Relaxed, true)]
    [InlineData("a.example.com", "b.example.com", DmarcAlignmentMode.Strict, false)]
    [InlineData("example.com.", "Example.Com", DmarcAlignmentMode.Strict, true)]
    [InlineData("bücher.example.com", "xn--bcher-kva.example.com", DmarcAlignmentMode.Strict, true)]
    [InlineData("x.a.b.ck", "y.a.b.ck", DmarcAlignmentMode.Relaxed, true)]
    [InlineData("a.b.ck", "c.b.ck", DmarcAlignmentMode.Relaxed, false)]   // *.ck: b.ck is a public suffix
    [InlineData("co.uk", "example.co.uk", DmarcAlignmentMode.Relaxed, false)]
    [InlineData("alice.pages.example-host.com", "bob.pages.example-host.com", DmarcAlignmentMode.Relaxed, false)] // private rule
    [InlineData("", "example.com", DmarcAlignmentMode.Relaxed, false)]
    public void Aligned(string a, string b, DmarcAlignmentMode mode, bool expected) =>
        Assert.Equal(expected, DmarcAlignment.IsAligned(a, b, mode, Suffixes));
}
