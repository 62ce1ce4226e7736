using Wren.MailAuth.Dmarc;

namespace Wren.MailAuth.Tests.Dmarc;

public sealed class DmarcRecordTests
{
    private static DmarcRecord Parse(string text)
    {
        Assert.True(DmarcRecord.TryParse(text, out DmarcRecord? record, out string? error), error);
        return record;
    }

    private static string Fails(string text)
    {
        Assert.False(DmarcRecord.TryParse(text, out DmarcRecord? record, out string? error));
        Assert.Null(record);
        return error;
    }

    [Fact]
    public void Every_tag_is_read()
    {
        var r = Parse("v=DMARC1; p=quarantine; sp=reject; adkim=s; aspf=s; pct=25; " +
                      "rua=mailto:agg@example.com,mailto:big@example.net!10m; ruf=mailto:ruf@example.com!512k; " +
                      "fo=1:d:s; rf=afrf; ri=3600");
        Assert.Equal(DmarcPolicy.Quarantine, r.Policy);
        Assert.Equal(DmarcPolicy.Reject, r.SubdomainPolicy);
        Assert.Equal(DmarcAlignmentMode.Strict, r.DkimAlignment);
        Assert.Equal(DmarcAlignmentMode.Strict, r.SpfAlignment);
        Assert.Equal(25, r.Percent);
        Assert.Equal(["mailto:agg@example.com", "mailto:big@example.net"], r.AggregateReportUris.Select(u => u.Uri.OriginalString));
        Assert.Equal([null, 10L << 20], r.AggregateReportUris.Select(u => u.MaxBytes));
        Assert.Equal(512L << 10, Assert.Single(r.FailureReportUris).MaxBytes);
        Assert.Equal(["1", "d", "s"], r.FailureOptions);
        Assert.Equal(["afrf"], r.ReportFormats);
        Assert.Equal(3600u, r.ReportInterval);
        Assert.False(r.PolicyWasInvalid);
    }

    [Fact]
    public void Left_out_tags_have_their_defaults()
    {
        var r = Parse("v=DMARC1; p=none");
        Assert.Equal(DmarcPolicy.None, r.Policy);
        Assert.Null(r.SubdomainPolicy);
        Assert.Equal(DmarcAlignmentMode.Relaxed, r.DkimAlignment);
        Assert.Equal(DmarcAlignmentMode.Relaxed, r.SpfAlignment);
        Assert.Equal(100, r.Percent);
        Assert.Empty(r.AggregateReportUris);
        Assert.Empty(r.FailureReportUris);
        Assert.Equal(["0"], r.FailureOptions);
        Assert.Equal(["afrf"], r.ReportFormats);
        Assert.Equal(86400u, r.ReportInterval);
        Assert.Equal(DmarcPolicy.None, r.PolicyFor(subdomain: true));
    }

    [Theory]
    [InlineData("v=DMARC1;p=reject")]
    [InlineData("v=DMARC1; p=reject;")]
    [InlineData("  v = DMARC1 ;\tp = reject ; ")]
    [InlineData("v=DMARC1; p=REJECT")]
    [InlineData("V=DMARC1; P=Reject")]
    [InlineData("v=DMARC1; unknown=tag; x-future=1; p=reject")]
    [InlineData("v=DMARC1; p=reject; p=none")] // a repeated tag keeps its first value
    [InlineData("v=DMARC1;; p=reject; garbage-without-equals")]
    public void Valid_spellings(string text) => Assert.Equal(DmarcPolicy.Reject, Parse(text).Policy);

    [Theory]
    [InlineData("")]
    [InlineData("v=spf1 -all")]
    [InlineData("p=reject; v=DMARC1")]       // v= must come first
    [InlineData("v=dmarc1; p=reject")]       // the version is upper case (§6.4)
    [InlineData("v=DMARC2; p=reject")]
    [InlineData("v=DMARC10; p=reject")]
    [InlineData("xv=DMARC1; p=reject")]
    public void Not_a_dmarc_record(string text)
    {
        Assert.False(DmarcRecord.IsDmarcRecord(text));
        Assert.Contains("v=DMARC1", Fails(text));
    }

    [Theory]
    [InlineData("v=DMARC1", "no p=")]
    [InlineData("v=DMARC1; p=", "invalid p=")]
    [InlineData("v=DMARC1; p=block", "invalid p=")]
    [InlineData("v=DMARC1; sp=reject", "no p=")]
    [InlineData("v=DMARC1; p=reject; sp=maybe", "invalid sp=")]
    [InlineData("v=DMARC1; p=bogus; rua=not a uri", "invalid p=")]
    public void No_usable_policy_and_no_rua_is_an_error(string text, string expected)
    {
        Assert.True(DmarcRecord.IsDmarcRecord(text));
        Assert.Contains(expected, Fails(text));
    }

    [Theory]
    [InlineData("v=DMARC1; p=bogus; rua=mailto:agg@example.com")]
    [InlineData("v=DMARC1; rua=mailto:agg@example.com")]
    [InlineData("v=DMARC1; p=reject; sp=bogus; rua=mailto:agg@example.com")]
    public void Invalid_policy_with_a_valid_rua_reads_as_p_none(string text)
    {
        // RFC 7489 §6.6.3 step 6.
        var r = Parse(text);
        Assert.Equal(DmarcPolicy.None, r.Policy);
        Assert.Null(r.SubdomainPolicy);
        Assert.True(r.PolicyWasInvalid);
        Assert.Single(r.AggregateReportUris);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("50", 50)]
    [InlineData("050", 50)]
    [InlineData("100", 100)]
    [InlineData("101", 100)]
    [InlineData("999", 100)]
    [InlineData("1000", 100)]
    [InlineData("-1", 100)]
    [InlineData("+5", 100)]
    [InlineData("", 100)]
    [InlineData("abc", 100)]
    [InlineData("50.5", 100)]
    [InlineData("５", 100)] // a full-width digit is not DIGIT
    public void Pct_out_of_range_or_malformed_keeps_the_default(string pct, int expected) =>
        Assert.Equal(expected, Parse($"v=DMARC1; p=reject; pct={pct}").Percent);

    [Theory]
    [InlineData("adkim=x; aspf=strict")]
    [InlineData("adkim=; aspf=")]
    public void Malformed_alignment_keeps_relaxed(string tags)
    {
        var r = Parse("v=DMARC1; p=reject; " + tags);
        Assert.Equal(DmarcAlignmentMode.Relaxed, r.DkimAlignment);
        Assert.Equal(DmarcAlignmentMode.Relaxed, r.SpfAlignment);
    }

    [Fact]
    public void Malformed_report_tags_keep_their_defaults()
    {
        var r = Parse("v=DMARC1; p=none; ri=-5; fo=x:y; rf=; ruf=nonsense, mailto:ok@example.com!big");
        Assert.Equal(86400u, r.ReportInterval);
        Assert.Equal(["0"], r.FailureOptions);
        Assert.Equal(["afrf"], r.ReportFormats);
        // Neither "nonsense" nor "mailto:ok@example.com!big" ("!big" is no size suffix) is a valid URI: both dropped.
        Assert.Empty(r.FailureReportUris);
    }

    [Fact]
    public void Ri_overflow_keeps_the_default() =>
        Assert.Equal(86400u, Parse("v=DMARC1; p=none; ri=99999999999").ReportInterval);
}
