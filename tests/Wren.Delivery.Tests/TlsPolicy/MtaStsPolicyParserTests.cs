using Wren.Delivery.Outbound.TlsPolicy;

namespace Wren.Delivery.Tests.TlsPolicy;

public sealed class MtaStsPolicyParserTests
{
    private static MtaStsPolicy Valid(string text)
    {
        Assert.True(MtaStsPolicyParser.TryParse(text, out MtaStsPolicy? policy, out string? error), error);
        return policy;
    }

    private static string Invalid(string text)
    {
        Assert.False(MtaStsPolicyParser.TryParse(text, out MtaStsPolicy? policy, out string? error));
        Assert.Null(policy);
        return error;
    }

    [Fact]
    public void Rfc_example_with_crlf_parses()
    {
        MtaStsPolicy policy = Valid("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n");
        Assert.Equal(MtaStsMode.Enforce, policy.Mode);
        Assert.Equal(["mail.example.com", "*.example.net", "backupmx.example.com"], policy.MxPatterns);
        Assert.Equal(TimeSpan.FromSeconds(604800), policy.MaxAge);
    }

    [Fact]
    public void Lf_lines_and_no_final_terminator_parse()
    {
        MtaStsPolicy policy = Valid("version: STSv1\nmode: testing\nmx: MX.Example.COM\nmax_age: 86400");
        Assert.Equal(MtaStsMode.Testing, policy.Mode);
        Assert.Equal(["mx.example.com"], policy.MxPatterns);
    }

    [Fact]
    public void Unknown_keys_are_ignored_and_whitespace_after_colon_allowed()
    {
        MtaStsPolicy policy = Valid("version:STSv1\nmode:\t enforce \nfuture_field: x-y\nMode: none\nmx: mx.example.com\nmax_age: 60\n\n");
        Assert.Equal(MtaStsMode.Enforce, policy.Mode); // "Mode" is an unknown key: names are case-sensitive
    }

    [Fact]
    public void Mode_none_needs_no_mx()
    {
        Assert.Equal(MtaStsMode.None, Valid("version: STSv1\nmode: none\nmax_age: 86400\n").Mode);
    }

    [Theory]
    [InlineData("mode: enforce\nmx: mx.example.com\nmax_age: 60\n", "no 'version'")]
    [InlineData("version: STSv2\nmode: enforce\nmx: mx.example.com\nmax_age: 60\n", "unsupported version 'STSv2'")]
    [InlineData("version: STSv1\nmode: strict\nmx: mx.example.com\nmax_age: 60\n", "unknown mode 'strict'")]
    [InlineData("version: STSv1\nmode: Enforce\nmx: mx.example.com\nmax_age: 60\n", "unknown mode 'Enforce'")]
    [InlineData("version: STSv1\nmode: enforce\nmax_age: 60\n", "no 'mx'")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\n", "no 'max_age'")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: -5\n", "invalid max_age '-5'")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 31557601\n", "invalid max_age '31557601'")]
    [InlineData("version: STSv1\nmode: enforce\nmode: testing\nmx: mx.example.com\nmax_age: 60\n", "'mode' repeated")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx..example.com\nmax_age: 60\n", "invalid mx 'mx..example.com'")]
    [InlineData("version: STSv1\nmode: enforce\nmx: a.*.example.com\nmax_age: 60\n", "invalid mx 'a.*.example.com'")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\n\nmax_age: 60\n", "line 4 is not 'key: value'")]
    [InlineData("version: STSv1\nmode enforce\nmx: mx.example.com\nmax_age: 60\n", "line 2 is not 'key: value'")]
    [InlineData("<html>version: STSv1</html>", "line 1: invalid field name")]
    [InlineData("", "empty policy")]
    public void Invalid_policies_are_refused_with_a_reason(string text, string reason)
    {
        Assert.Equal(reason, Invalid(text));
    }

    [Fact]
    public void Size_limit_is_64_KiB()
    {
        string head = "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 60\nx: ";
        string atLimit = head + new string('a', MtaStsPolicyParser.MaxPolicyBytes - head.Length);
        Assert.Equal(MtaStsPolicyParser.MaxPolicyBytes, atLimit.Length);
        Valid(atLimit);
        Assert.Equal("policy larger than 64 KiB", Invalid(atLimit + "a"));
    }
}
