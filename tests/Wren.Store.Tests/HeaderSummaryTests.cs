using System.Text;
using Wren.Store.Messages;

namespace Wren.Store.Tests;

public sealed class HeaderSummaryTests
{
    private static HeaderSummary Parse(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return HeaderSummary.Parse(bytes, bytes.Length);
    }

    [Fact]
    public void Folded_and_encoded_fields_are_unfolded_and_decoded()
    {
        var summary = Parse(
            "From: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>\r\n" +
            "Subject: a long\r\n subject =?UTF-8?B?4pyT?=\r\n" +
            "Message-ID:\r\n <abc.123@example.org>\r\n\r\nbody\r\n");
        Assert.Equal("Zoë <zoe@example.org>", summary.From);
        Assert.Equal("a long subject ✓", summary.Subject);
        Assert.Equal("abc.123@example.org", summary.MessageId);
    }

    [Fact]
    public void Raw_utf8_headers_are_kept_as_text()
    {
        // RFC 6532: internationalized messages carry UTF-8 in header fields directly.
        var summary = Parse("Subject: Grüße\r\n\r\n");
        Assert.Equal("Grüße", summary.Subject);
        Assert.Null(summary.From);
        Assert.Null(summary.MessageId);
    }

    [Fact]
    public void Missing_headers_and_empty_content_give_nothing()
    {
        Assert.Equal(HeaderSummary.Empty, HeaderSummary.Parse([], 0));
        Assert.Null(Parse("\r\nonly a body\r\n").Subject);
    }

    [Fact]
    public void Very_long_fields_are_clipped()
    {
        var summary = Parse("Subject: " + new string('x', 5000) + "\r\n\r\n");
        Assert.Equal(HeaderSummary.MaxFieldLength, summary.Subject!.Length);
    }
}
