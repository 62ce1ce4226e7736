using Wren.Mail.Addresses;

namespace Wren.Mail.Tests;

public class EmailAddressTests
{
    [Theory]
    [InlineData("alice@example.test", "alice", "example.test")]
    [InlineData("Alice.Smith@EXAMPLE.test", "Alice.Smith", "example.test")]
    [InlineData("a+tag@example.test", "a+tag", "example.test")]
    [InlineData("\"john doe\"@example.test", "john doe", "example.test")]
    [InlineData("\"a\\\"b\"@example.test", "a\"b", "example.test")]
    [InlineData("user@[127.0.0.1]", "user", "[127.0.0.1]")]
    [InlineData("user@[IPv6:::1]", "user", "[IPv6:::1]")]
    [InlineData("jörg@bücher.example", "jörg", "xn--bcher-kva.example")]
    public void Parses_valid_mailboxes(string text, string local, string domain)
    {
        Assert.True(EmailAddress.TryParse(text, out var address));
        Assert.Equal(local, address!.LocalPart);
        Assert.Equal(domain, address.Domain);
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("@example.test")]
    [InlineData("alice@")]
    [InlineData(".alice@example.test")]
    [InlineData("al..ice@example.test")]
    [InlineData("al ice@example.test")]
    [InlineData("alice@exa mple.test")]
    [InlineData("alice@-example.test")]
    [InlineData("alice@[300.1.1.1]")]
    [InlineData("alice@[1.2.3]")]
    [InlineData("\"unterminated@example.test")]
    public void Rejects_invalid_mailboxes(string text) => Assert.False(EmailAddress.TryParse(text, out _));

    [Fact]
    public void Local_part_longer_than_64_octets_is_refused() =>
        Assert.False(EmailAddress.TryParse(new string('a', 65) + "@example.test", out _));

    [Fact]
    public void Canonical_form_lowercases_for_lookup_and_flags_utf8()
    {
        var address = EmailAddress.Parse("Jörg@Bücher.Example");
        Assert.Equal("jörg@xn--bcher-kva.example", address.Canonical);
        Assert.True(address.NeedsSmtpUtf8);
        Assert.False(EmailAddress.Parse("bob@bücher.example").NeedsSmtpUtf8);
    }

    [Fact]
    public void Formats_quoted_local_parts_back() =>
        Assert.Equal("\"john doe\"@example.test", EmailAddress.Parse("\"john doe\"@example.test").ToString());
}
