using System.Net;
using Wren.MailAuth.Spf;

namespace Wren.MailAuth.Tests.Spf;

public sealed class SpfMacroStringTests
{
    // RFC 7208 §7.4: the sender strong-bad@email.example.com from 192.0.2.3 (or 2001:db8::cb01).
    private static readonly SpfMacroContext Ipv4 = new("strong-bad@email.example.com", "strong-bad", "email.example.com",
        "email.example.com", IPAddress.Parse("192.0.2.3"), "mx.example.org", "receiver.example.net", 1_400_000_000);

    private static readonly SpfMacroContext Ipv6 = Ipv4 with { Client = IPAddress.Parse("2001:db8::cb01") };

    [Theory]
    [InlineData("%{s}", "strong-bad@email.example.com")]
    [InlineData("%{o}", "email.example.com")]
    [InlineData("%{d}", "email.example.com")]
    [InlineData("%{d4}", "email.example.com")]
    [InlineData("%{d3}", "email.example.com")]
    [InlineData("%{d2}", "example.com")]
    [InlineData("%{d1}", "com")]
    [InlineData("%{dr}", "com.example.email")]
    [InlineData("%{d2r}", "example.email")]
    [InlineData("%{l}", "strong-bad")]
    [InlineData("%{l-}", "strong.bad")]
    [InlineData("%{lr}", "strong-bad")]
    [InlineData("%{lr-}", "bad.strong")]
    [InlineData("%{l1r-}", "strong")]
    [InlineData("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com")]
    [InlineData("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com")]
    [InlineData("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com")]
    [InlineData("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com")]
    [InlineData("%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net")]
    public void Rfc7208_section_7_4_examples_ipv4(string macro, string expected) =>
        Assert.Equal(expected, Expand(macro, Ipv4));

    [Fact]
    public void Rfc7208_section_7_4_example_ipv6() =>
        Assert.Equal("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com",
            Expand("%{ir}.%{v}._spf.%{d2}", Ipv6));

    [Theory]
    [InlineData("%%", "%")]
    [InlineData("a%_b", "a b")]
    [InlineData("a%-b", "a%20b")]
    [InlineData("%{h}", "mx.example.org")]
    [InlineData("%{p}", "unknown")]
    [InlineData("%{d9999999999}", "email.example.com")]
    [InlineData("%{l+-}", "strong.bad")]
    [InlineData("%{S}", "strong-bad%40email.example.com")]
    [InlineData("%{D2R}", "example.email")]
    public void Letters_transformers_and_escapes(string macro, string expected) =>
        Assert.Equal(expected, Expand(macro, Ipv4));

    [Theory]
    [InlineData("%{c}", "192.0.2.3")]
    [InlineData("%{r}", "receiver.example.net")]
    [InlineData("%{t}", "1400000000")]
    [InlineData("Sent from %{c} by %{l}", "Sent from 192.0.2.3 by strong-bad")]
    public void Explanation_only_letters(string macro, string expected)
    {
        Assert.True(SpfMacroString.TryParse(macro, explanation: true, out SpfMacroString? parsed, out _));
        Assert.Equal(expected, parsed.Expand(Ipv4));
        // RFC 7208 §7.2: c, r and t are not allowed outside explanation strings.
        if (macro.StartsWith('%'))
            Assert.False(SpfMacroString.TryParse(macro, explanation: false, out _, out _));
    }

    [Fact]
    public void C_is_the_readable_ipv6_form() =>
        Assert.Equal("2001:db8::cb01", Expand("%{c}", Ipv6, explanation: true));

    [Fact]
    public void Uppercase_letters_escape_everything_but_unreserved() =>
        Assert.Equal("~jack%26jill%3Dup-a_b3.c", Expand("%{L}", Ipv4 with { LocalPart = "~jack&jill=up-a_b3.c" }));

    [Theory]
    [InlineData("%")]
    [InlineData("foo%")]
    [InlineData("%a")]
    [InlineData("%(ir)")]
    [InlineData("%{")]
    [InlineData("%{}")]
    [InlineData("%{x}")]
    [InlineData("%{d0}")]
    [InlineData("%{d2x}")]
    [InlineData("%{d;}")]
    [InlineData("a b")]
    [InlineData("caf\u00e9")]
    public void Malformed_macro_strings_are_rejected(string text) =>
        Assert.False(SpfMacroString.TryParse(text, explanation: false, out _, out _));

    private static string Expand(string macro, SpfMacroContext context, bool explanation = false)
    {
        Assert.True(SpfMacroString.TryParse(macro, explanation, out SpfMacroString? parsed, out string? error), error);
        return parsed.Expand(context);
    }
}
