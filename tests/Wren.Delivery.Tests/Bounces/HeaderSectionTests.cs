using System.Text;
using Wren.Delivery.Bounces;

namespace Wren.Delivery.Tests.Bounces;

public sealed class HeaderSectionTests
{
    private static string Extract(string text, bool complete = true) =>
        Encoding.UTF8.GetString(HeaderSection.Extract(Encoding.UTF8.GetBytes(text), complete));

    [Fact]
    public void Stops_at_the_blank_line_and_keeps_folded_fields()
    {
        Assert.Equal("Subject: a\r\n long one\r\nTo: b@c.test\r\n", Extract("Subject: a\r\n long one\r\nTo: b@c.test\r\n\r\nBody: not a header\r\n"));
    }

    [Fact]
    public void Bare_lf_lines_come_back_with_crlf()
    {
        Assert.Equal("Subject: a\r\nTo: b@c.test\r\n", Extract("Subject: a\nTo: b@c.test\n\nbody\n"));
    }

    [Fact]
    public void A_line_that_is_no_header_ends_the_section()
    {
        Assert.Equal("Subject: a\r\n", Extract("Subject: a\r\nthis is body text without a blank line\r\nX: y\r\n"));
        Assert.Equal("", Extract(" continuation without a field\r\nSubject: a\r\n"));
    }

    [Fact]
    public void Over_long_lines_are_cut_at_998_octets()
    {
        string result = Extract("X-Long: " + new string('a', 5000) + "\r\n\r\n");
        Assert.Equal(998 + 2, result.Length);
    }

    [Fact]
    public void A_partial_last_line_of_a_cut_prefix_is_dropped()
    {
        Assert.Equal("Subject: a\r\n", Extract("Subject: a\r\nTo: half-rea", complete: false));
        Assert.Equal("Subject: a\r\nTo: whole\r\n", Extract("Subject: a\r\nTo: whole", complete: true));
    }

    [Theory]
    [InlineData("Message-ID: <a@b.test>\r\n", "a@b.test")]
    [InlineData("message-id:\r\n  <folded@b.test> (comment)\r\n", "folded@b.test")]
    [InlineData("Message-ID: no brackets\r\n", null)]
    [InlineData("Subject: x\r\n", null)]
    public void Finds_the_message_id(string headers, string? expected)
    {
        Assert.Equal(expected, HeaderSection.FindMessageId(Encoding.UTF8.GetBytes(headers)));
    }

    [Fact]
    public void Eight_bit_clean_means_no_nul_and_no_line_over_998()
    {
        Assert.True(HeaderSection.IsEightBitClean("Grüße\r\n"u8));
        Assert.False(HeaderSection.IsEightBitClean("a\0b\r\n"u8));
        Assert.False(HeaderSection.IsEightBitClean(Encoding.ASCII.GetBytes(new string('a', 999) + "\r\n")));
        Assert.True(HeaderSection.IsEightBitClean(Encoding.ASCII.GetBytes(new string('a', 998) + "\r\n")));
    }
}
