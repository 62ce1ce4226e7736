using System.Net;
using Wren.MailAuth.Spf;

namespace Wren.MailAuth.Tests.Spf;

public sealed class SpfRecordParserTests
{
    [Theory]
    [InlineData("v=spf1", true)]
    [InlineData("v=spf1 -all", true)]
    [InlineData("V=SPF1 ~all", true)]
    [InlineData("v=spf10", false)]
    [InlineData("v=spf1\t-all", false)]
    [InlineData("spf1", false)]
    [InlineData("", false)]
    public void Record_selection(string text, bool isSpf) => Assert.Equal(isSpf, SpfRecordParser.IsSpfRecord(text));

    [Fact]
    public void Parses_every_mechanism_and_modifier()
    {
        Assert.True(SpfRecordParser.TryParse(
            "v=spf1 +all -include:_spf.example.com ~a ?a:%{d}.example.com/24//64 mx mx:mx.example.com//48 ptr ptr:example.org " +
            "ip4:192.0.2.0/24 ip6:2001:db8::/32 exists:%{ir}.bl.example.com redirect=other.example.com exp=exp.%{d} x-custom=%{l}",
            out SpfRecord? record, out string? error), error);
        Assert.Equal(11, record.Mechanisms.Count);
        Assert.Equal([SpfVerdict.Pass, SpfVerdict.Fail, SpfVerdict.SoftFail, SpfVerdict.Neutral],
            record.Mechanisms.Take(4).Select(m => m.Qualifier));
        SpfMechanism a = record.Mechanisms[3];
        Assert.Equal((SpfMechanismKind.A, "%{d}.example.com", 24, 64), (a.Kind, a.DomainSpec!.Text, a.Ip4Prefix, a.Ip6Prefix));
        Assert.Equal((32, 48), (record.Mechanisms[5].Ip4Prefix, record.Mechanisms[5].Ip6Prefix));
        Assert.Equal(IPAddress.Parse("192.0.2.0"), record.Mechanisms[8].Network);
        Assert.Equal(32, record.Mechanisms[9].Ip6Prefix);
        Assert.Equal("other.example.com", record.Redirect!.Text);
        Assert.Equal("exp.%{d}", record.Explanation!.Text);
    }

    [Theory]
    [InlineData("v=spf1 -all moo", "unknown mechanism")]
    [InlineData("v=spf1 all.", "unknown mechanism")]
    [InlineData("v=spf1 -all:foo", "no argument")]
    [InlineData("v=spf1 include", "needs")]
    [InlineData("v=spf1 include:", "empty domain-spec")]
    [InlineData("v=spf1 include:example.com/24", "top-level label")]
    [InlineData("v=spf1 a:museum", "top-level label")]
    [InlineData("v=spf1 a:111.222.33.44", "top-level label")]
    [InlineData("v=spf1 a:example.-com", "top-level label")]
    [InlineData("v=spf1 a/33", "CIDR")]
    [InlineData("v=spf1 a//129", "CIDR")]
    [InlineData("v=spf1 a/24/64", "CIDR")]
    [InlineData("v=spf1 ptr/0", "ptr takes")]
    [InlineData("v=spf1 ip4:1.2.3", "not an IPv4")]
    [InlineData("v=spf1 ip4:1.2.3.4/032", "CIDR")]
    [InlineData("v=spf1 ip4:1.2.3.4//32", "CIDR")]
    [InlineData("v=spf1 ip4:01.2.3.4", "not an IPv4")]
    [InlineData("v=spf1 ip6:1.2.3.4", "not an IPv6")]
    [InlineData("v=spf1 ip6::CAFE::BABE", "not an IPv6")]
    [InlineData("v=spf1 redirect=a.example.com redirect=b.example.com", "twice")]
    [InlineData("v=spf1 exp=a.example.com exp=b.example.com", "twice")]
    [InlineData("v=spf1 exp=", "empty domain-spec")]
    [InlineData("v=spf1 redirect:example.com", "unknown mechanism")]
    [InlineData("v=spf1 exp=%{r}.example.com", "malformed macro")]
    [InlineData("v=spf1 foo=%abc", "not a macro")]
    [InlineData("v=spf1 1up=foo", "unknown mechanism")]
    [InlineData("v=spf1 =all", "unknown mechanism")]
    [InlineData("v=spf1 a:example.com\rptr", "U+000D")]
    [InlineData("v=spf1 \u0080a", "U+0080")]
    public void Syntax_errors_are_reported(string text, string problem)
    {
        Assert.False(SpfRecordParser.TryParse(text, out _, out string? error));
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v=spf1 a:foo:bar/baz.example.com")]
    [InlineData("v=spf1 a:foo.example.xn--zckzah")]
    [InlineData("v=spf1 a:mail.example.com.")]
    [InlineData("v=spf1 exists:%{i}.%{l2r-}.user.%{d2}")]
    [InlineData("v=spf1 default=pass")]
    [InlineData("v=spf1 moo.cow-far_out=man:dog/cat ip4:1.2.3.4 -all")]
    [InlineData("v=spf1 a  -all ")]
    public void Valid_records(string text) => Assert.True(SpfRecordParser.TryParse(text, out _, out string? error), error);
}
