using Wren.MailAuth.Results;

namespace Wren.MailAuth.Tests.Results;

public sealed class AuthenticationResultsFieldTests
{
    [Fact]
    public void Rfc_8601_style_field_is_parsed()
    {
        const string value = " example.com 1;\r\n  auth=pass (cram-md5) smtp.auth=sender@example.net;\r\n" +
                             "  spf=pass smtp.mailfrom=example.net; dkim/1=fail reason=\"bad sig\" header.i=@example.org (c) ;\r\n" +
                             "  x-custom = neutral policy . rule = \"a b\"";
        Assert.True(AuthenticationResultsField.TryParse(value, out var field));
        Assert.Equal("example.com", field.AuthServId);
        Assert.Equal(1, field.Version);
        Assert.Equal(["auth", "spf", "dkim", "x-custom"], field.Results.Select(r => r.Method));
        Assert.Equal("sender@example.net", field.Results[0].Property("smtp", "auth"));
        Assert.Equal(["cram-md5"], field.Results[0].Comments);
        Assert.Equal("bad sig", field.Results[2].Reason);
        Assert.Equal("@example.org", field.Results[2].Property("header", "i"));
        Assert.Equal("a b", field.Results[3].Property("policy", "rule"));
    }

    [Theory]
    [InlineData("example.org; none")]
    [InlineData("example.org 1; none")]
    [InlineData("(comment) example.org ; none")]
    public void None_has_no_results(string value)
    {
        Assert.True(AuthenticationResultsField.TryParse(value, out var field));
        Assert.Empty(field.Results);
        Assert.Equal("example.org", field.AuthServId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("example.org")]
    [InlineData("example.org spf=pass")]
    [InlineData("example.org; spf")]
    [InlineData("example.org; spf=")]
    [InlineData("example.org; spf=pass smtp")]
    [InlineData("example.org; spf=pass smtp.mailfrom")]
    [InlineData("example.org; spf=pass (unclosed")]
    [InlineData("example.org; none; spf=pass")]
    [InlineData("\"unterminated; spf=pass")]
    public void Malformed_fields_are_refused(string value) =>
        Assert.False(AuthenticationResultsField.TryParse(value, out _));

    [Theory]
    [InlineData("mx.wren.example; spf=pass smtp.mailfrom=example.com")]
    [InlineData("MX.Wren.Example; spf=pass")]
    [InlineData("  mx.wren.example;spf=pass")]
    [InlineData("\tmx.wren.example\r\n ; spf=pass")]
    [InlineData("(forged by someone) mx.wren.example; dkim=pass")]
    [InlineData("(nested (comment) \\) here)mx.wren.example; dkim=pass")]
    [InlineData("mx.wren.example(comment); dkim=pass")]
    [InlineData("mx.wren.example 1; spf=pass")]
    [InlineData("mx.wren.example; none")]
    [InlineData("\"mx.wren.example\"; spf=pass")]
    [InlineData("\"MX.WREN.EXAMPLE\" 1; spf=pass")]
    [InlineData("mx.wren.example.; spf=pass")]
    [InlineData("mx.wren.example")]
    [InlineData("mx.wren.example; this is not valid syntax at all")]
    [InlineData("Authentication-Results: mx.wren.example; spf=pass")]
    [InlineData("authentication-results : mx.wren.example; spf=pass")]
    public void Fields_claiming_our_id_are_detected(string value) =>
        Assert.True(AuthenticationResultsField.ClaimsAuthServId(value, "mx.wren.example"));

    [Theory]
    [InlineData("mx.wren.example.net; spf=pass")]
    [InlineData("sub.mx.wren.example; spf=pass")]
    [InlineData("wren.example; spf=pass")]
    [InlineData("mx-wren.example; spf=pass")]
    [InlineData("other.example; spf=pass smtp.mailfrom=mx.wren.example")]
    [InlineData("other.example; dkim=pass header.d=mx.wren.example (mx.wren.example)")]
    [InlineData("(mx.wren.example) other.example; spf=pass")]
    [InlineData("\"mx.wren.example other\"; spf=pass")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("(unclosed mx.wren.example; spf=pass")]
    [InlineData("; spf=pass")]
    public void Fields_of_others_are_left_alone(string value) =>
        Assert.False(AuthenticationResultsField.ClaimsAuthServId(value, "mx.wren.example"));

    [Fact]
    public void Unicode_and_a_label_ids_are_one()
    {
        Assert.True(AuthenticationResultsField.ClaimsAuthServId("mx.bücher.example; spf=pass", "mx.xn--bcher-kva.example"));
        Assert.True(AuthenticationResultsField.ClaimsAuthServId("mx.xn--bcher-kva.example; spf=pass", "mx.Bücher.example"));
    }

    [Fact]
    public void Claiming_fields_are_removed_from_a_header()
    {
        var headers = MimeKit.HeaderList.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            "Authentication-Results: (forged)\r\n MX.wren.example; dmarc=pass\r\n" +
            "Authentication-Results: other.example; spf=fail\r\n" +
            "Subject: hi\r\n" +
            "Authentication-Results: mx.wren.example 1; dkim=pass\r\n\r\n")));
        Assert.Equal(2, AuthenticationResultsField.RemoveClaimingFields(headers, "mx.wren.example"));
        Assert.Equal(["Authentication-Results", "Subject"], headers.Select(h => h.Field));
        Assert.Contains("other.example", headers[0].Value, StringComparison.Ordinal);
    }
}
