using MimeKit;
using Wren.MailAuth.Dmarc;

namespace Wren.MailAuth.Tests.Dmarc;

public sealed class FromDomainExtractorTests
{
    private static HeaderList Headers(string text) =>
        HeaderList.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n") + "\r\n")));

    [Theory]
    [InlineData("alice@example.com", "example.com")]
    [InlineData("Alice <alice@Example.COM>", "example.com")]
    [InlineData("\"Doe, Jane\" <jane@news.example.com>", "news.example.com")]
    [InlineData("alice@example.com, bob@EXAMPLE.com", "example.com")]
    [InlineData("Team: alice@example.com, bob@example.com;", "example.com")]
    [InlineData("=?utf-8?q?J=C3=BCrgen?= <j@example.com>", "example.com")]
    [InlineData("j@bücher.example", "xn--bcher-kva.example")]
    [InlineData("(comment) alice@example.com (more)", "example.com")]
    public void Single_domain_is_found(string value, string expected)
    {
        var result = FromDomainExtractor.Extract([value]);
        Assert.True(result.Found, result.Problem);
        Assert.Equal(expected, result.Domain);
        Assert.Null(result.Problem);
    }

    [Theory]
    [InlineData("alice@example.com, mallory@example.net", "different domains")]
    [InlineData("alice@example.com, bob@news.example.com", "different domains")] // same organization, still two domains
    [InlineData("", "From field")]
    [InlineData("undisclosed-recipients:;", "no address")]
    [InlineData("alice", "no domain")]
    [InlineData("Alice <alice@[192.0.2.1]>", "not a domain name")]
    public void No_single_domain_is_a_problem(string value, string expected)
    {
        var result = FromDomainExtractor.Extract([value]);
        Assert.False(result.Found);
        Assert.Null(result.Domain);
        Assert.Contains(expected, result.Problem);
    }

    [Fact]
    public void No_from_field_is_a_problem() =>
        Assert.Contains("no From field", FromDomainExtractor.Extract(Array.Empty<string>()).Problem);

    [Fact]
    public void Several_from_fields_are_a_problem() =>
        Assert.Contains("2 From fields", FromDomainExtractor.Extract(["a@example.com", "a@example.com"]).Problem);

    [Fact]
    public void Header_list_with_one_from_field()
    {
        var headers = Headers("Received: from x\nFrom: Alice\n <alice@Example.org>\nSubject: hi\nSender: bob@example.net");
        Assert.Equal("example.org", FromDomainExtractor.Extract(headers).Domain);
    }

    [Fact]
    public void Header_list_with_raw_utf8_from_field()
    {
        var headers = Headers("From: Jürgen <jürgen@bücher.example>\nTo: x@example.com");
        Assert.Equal("xn--bcher-kva.example", FromDomainExtractor.Extract(headers).Domain);
    }

    [Fact]
    public void Header_list_with_two_from_fields()
    {
        var headers = Headers("From: alice@example.com\nFrom: mallory@example.net");
        Assert.Contains("2 From fields", FromDomainExtractor.Extract(headers).Problem);
    }

    [Fact]
    public void Header_list_without_from_field()
    {
        var headers = Headers("Sender: alice@example.com\nTo: x@example.com");
        Assert.Contains("no From field", FromDomainExtractor.Extract(headers).Problem);
    }
}
