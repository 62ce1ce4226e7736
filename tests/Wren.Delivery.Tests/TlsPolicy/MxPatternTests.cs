using Wren.Delivery.Outbound.TlsPolicy;

namespace Wren.Delivery.Tests.TlsPolicy;

public sealed class MxPatternTests
{
    [Theory]
    [InlineData("*.example.com", "mx.example.com", true)]
    [InlineData("*.example.com", "MX.Example.Com.", true)]
    [InlineData("*.example.com", "a.b.example.com", false)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", ".example.com", false)]
    [InlineData("*.example.com", "mxexample.com", false)]
    [InlineData("mail.example.com", "mail.example.com", true)]
    [InlineData("mail.example.com", "MAIL.EXAMPLE.COM.", true)]
    [InlineData("mail.example.com", "mail2.example.com", false)]
    [InlineData("mail.example.com", "x.mail.example.com", false)]
    public void Wildcards_cover_exactly_one_left_label(string pattern, string host, bool matches)
    {
        Assert.Equal(matches, MtaStsPolicy.MxPatternMatches(pattern, host));
    }

    [Fact]
    public void Policy_matches_if_any_pattern_does()
    {
        var policy = new MtaStsPolicy(MtaStsMode.Enforce, ["mail.example.com", "*.example.net"], TimeSpan.FromDays(1));
        Assert.True(policy.MatchesMx("mail.example.com"));
        Assert.True(policy.MatchesMx("mx1.example.net"));
        Assert.False(policy.MatchesMx("mx1.example.org"));
    }
}
