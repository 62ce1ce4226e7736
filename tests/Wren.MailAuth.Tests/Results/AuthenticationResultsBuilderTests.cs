using System.Net;
using Wren.MailAuth.Arc;
using Wren.MailAuth.Dkim;
using Wren.MailAuth.Dmarc;
using Wren.MailAuth.Results;
using Wren.MailAuth.Spf;

namespace Wren.MailAuth.Tests.Results;

public sealed class AuthenticationResultsBuilderTests
{
    private static readonly DmarcRecord Reject = new() { Policy = DmarcPolicy.Reject };

    /// <summary>Checks the field's shape (name, CRLF line ends, continuation lines, 78 columns) and parses it back.</summary>
    private static AuthenticationResultsField Check(string field)
    {
        Assert.StartsWith("Authentication-Results: ", field, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", field, StringComparison.Ordinal);
        string[] lines = field[..^2].Split("\r\n");
        Assert.All(lines, line => Assert.True(line.Length <= AuthenticationResultsBuilder.MaxLineLength, $"{line.Length}: {line}"));
        Assert.All(lines.Skip(1), line => Assert.True(line.StartsWith(' ') && line.Trim().Length > 0, line));
        Assert.DoesNotContain('\n', field.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.DoesNotContain('\r', field.Replace("\r\n", "", StringComparison.Ordinal));
        string value = field["Authentication-Results:".Length..];
        Assert.True(AuthenticationResultsField.TryParse(value, out var parsed), field);
        // MimeKit reads it as one header field too.
        var headers = MimeKit.HeaderList.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(field + "\r\n")));
        Assert.Equal("Authentication-Results", Assert.Single(headers).Field);
        return parsed;
    }

    [Fact]
    public void Typical_message()
    {
        string field = new AuthenticationResultsBuilder("mx.wren.example")
            .AddSpf(new SpfResult(SpfVerdict.Pass, "example.com"))
            .AddDkim([new DkimResult(DkimVerdict.Pass, "example.com", "sel2024", "rsa-sha256", SignaturePrefix: "Xy1/ab+c")])
            .AddDmarc(new DmarcResult(DmarcVerdict.Pass, "example.com", "example.com", DmarcPolicy.Reject, DmarcPolicy.None, true, true) { Record = Reject })
            .AddArc(new ArcResult(ArcVerdict.None, 0), IPAddress.Parse("192.0.2.10"))
            .Build();

        Assert.Equal(
            "Authentication-Results: mx.wren.example;\r\n" +
            "    spf=pass smtp.mailfrom=example.com;\r\n" +
            "    dkim=pass header.d=example.com header.s=sel2024 header.a=rsa-sha256\r\n" +
            "      header.b=\"Xy1/ab+c\";\r\n" +
            "    dmarc=pass (p=reject dis=none) header.from=example.com;\r\n" +
            "    arc=none smtp.remote-ip=192.0.2.10\r\n",
            field);

        var parsed = Check(field);
        Assert.Equal("mx.wren.example", parsed.AuthServId);
        Assert.Equal(["spf", "dkim", "dmarc", "arc"], parsed.Results.Select(r => r.Method));
        Assert.Equal("Xy1/ab+c", parsed.Results[1].Property("header", "b"));
        Assert.Equal(["p=reject dis=none"], parsed.Results[2].Comments);
    }

    [Fact]
    public void Dmarc_fail_names_policy_and_disposition()
    {
        var record = new DmarcRecord { Policy = DmarcPolicy.Reject, SubdomainPolicy = DmarcPolicy.Quarantine, Percent = 50 };
        string field = new AuthenticationResultsBuilder("mx.wren.example")
            .AddDmarc(new DmarcResult(DmarcVerdict.Fail, "news.example.com", "example.com", DmarcPolicy.Quarantine, DmarcPolicy.None, false, false) { Record = record })
            .Build();
        Assert.Contains("dmarc=fail (p=reject sp=quarantine pct=50 dis=none) header.from=news.example.com",
            Unfold(field), StringComparison.Ordinal);
        var dmarc = Assert.Single(Check(field).Results);
        Assert.Equal("fail", dmarc.Result);
        Assert.Equal("news.example.com", dmarc.Property("header", "from"));
    }

    [Fact]
    public void Errors_carry_a_reason()
    {
        string field = new AuthenticationResultsBuilder("mx.wren.example")
            .AddSpf(new SpfResult(SpfVerdict.TempError, "example.com", Problem: "DNS timeout for example.com"))
            .AddDmarc(new DmarcResult(DmarcVerdict.PermError, null, null, DmarcPolicy.None, DmarcPolicy.None, false, false, "the message has 2 From fields"))
            .AddDkim([new DkimResult(DkimVerdict.Fail, "example.com", "s", "ed25519-sha256", Reason: "body hash \"bh\" did not verify")])
            .Build();
        var parsed = Check(field);
        Assert.Equal("DNS timeout for example.com", parsed.Results[0].Reason);
        Assert.Equal("the message has 2 From fields", parsed.Results[1].Reason);
        Assert.Empty(parsed.Results[1].Properties); // no header.from without a From domain
        Assert.Equal("body hash \"bh\" did not verify", parsed.Results[2].Reason);
        Assert.Contains("reason=\"body hash \\\"bh\\\" did not verify\"", field.Replace("\r\n ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Unsigned_message_is_dkim_none_and_helo_has_its_own_property()
    {
        string field = new AuthenticationResultsBuilder("mx.wren.example")
            .AddSpf(new SpfResult(SpfVerdict.Pass, "mail.example.com", Identity: "helo"))
            .AddSpf(new SpfResult(SpfVerdict.SoftFail, "example.com"))
            .AddDkim([])
            .Build();
        var parsed = Check(field);
        Assert.Equal("mail.example.com", parsed.Results[0].Property("smtp", "helo"));
        Assert.Equal("softfail", parsed.Results[1].Result);
        Assert.Equal("example.com", parsed.Results[1].Property("smtp", "mailfrom"));
        Assert.Equal(("dkim", "none"), (parsed.Results[2].Method, parsed.Results[2].Result));
        Assert.Contains("    dkim=none\r\n", field, StringComparison.Ordinal);
    }

    [Fact]
    public void Arc_pass_with_ipv6_remote_ip_and_oldest_pass()
    {
        string field = new AuthenticationResultsBuilder("mx.wren.example")
            .AddArc(new ArcResult(ArcVerdict.Pass, 3, OldestPassingInstance: 0), IPAddress.Parse("2001:db8::25"))
            .Build();
        Assert.Contains("arc=pass (i=3) header.oldest-pass=0 smtp.remote-ip=\"2001:db8::25\"", field, StringComparison.Ordinal);
        var arc = Assert.Single(Check(field).Results);
        Assert.Equal("2001:db8::25", arc.Property("smtp", "remote-ip"));
        Assert.Equal("0", arc.Property("header", "oldest-pass"));
    }

    [Fact]
    public void No_results_is_none()
    {
        string field = new AuthenticationResultsBuilder("mx.wren.example").Build();
        Assert.Equal("Authentication-Results: mx.wren.example; none\r\n", field);
        Assert.Empty(Check(field).Results);
    }

    [Fact]
    public void Long_values_fold_at_spaces_within_78_columns()
    {
        string longDomain = string.Join('.', Enumerable.Repeat("abcdefghij", 4)) + ".example.com";
        var dkim = Enumerable.Range(0, 3).Select(i =>
            new DkimResult(DkimVerdict.Fail, longDomain, "selector" + i, "rsa-sha256", "user@" + longDomain, "abcdefgh",
                "the signature did not verify because the body was changed on the way by a mailing list that added a footer")).ToList();
        string field = new AuthenticationResultsBuilder("mx.wren.example").AddDkim(dkim).Build();
        var parsed = Check(field);
        Assert.Equal(3, parsed.Results.Count);
        Assert.All(parsed.Results, r =>
        {
            Assert.Equal(longDomain, r.Property("header", "d"));
            Assert.Equal("user@" + longDomain, r.Property("header", "i"));
            // Folding inside the quoted reason keeps exactly one space once unfolded.
            Assert.Equal(dkim[0].Reason, r.Reason);
        });
    }

    [Fact]
    public void A_value_longer_than_a_line_gets_a_line_of_its_own()
    {
        string hugeDomain = string.Join('.', Enumerable.Repeat("abcdefghijklmnopqrstuvwxyz", 4)) + ".example";
        string field = new AuthenticationResultsBuilder("mx.wren.example")
            .AddDkim([new DkimResult(DkimVerdict.Pass, hugeDomain, "s", "rsa-sha256")]).Build();
        string[] lines = field[..^2].Split("\r\n");
        Assert.Equal(["Authentication-Results: mx.wren.example;", "    dkim=pass", "      header.d=" + hugeDomain, "      header.s=s header.a=rsa-sha256"], lines);
        Assert.True(AuthenticationResultsField.TryParse(field["Authentication-Results:".Length..], out var parsed));
        Assert.Equal(hugeDomain, parsed.Results[0].Property("header", "d"));
    }

    private static string Unfold(string field) => System.Text.RegularExpressions.Regex.Replace(field, "\r\n[ \t]+", " ");

    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("user@example.com", "user@example.com")]
    [InlineData("first.last+tag@example.com", "first.last+tag@example.com")]
    [InlineData("@example.com", "@example.com")]
    [InlineData("a b@example.com", "\"a b@example.com\"")]
    [InlineData("ab/cd=", "\"ab/cd=\"")]
    [InlineData("x;y", "\"x;y\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("line\r\nbreak", "\"line break\"")]
    public void Property_values_are_quoted_unless_tokens_or_addresses(string value, string written)
    {
        string field = new AuthenticationResultsBuilder("mx").Add("x-test", "pass", null, null, [("smtp", "p", value)]).Build();
        Assert.Contains("smtp.p=" + written, field, StringComparison.Ordinal);
        Assert.Equal(value.Replace("\r\n", " ", StringComparison.Ordinal), Assert.Single(Check(field).Results).Property("smtp", "p"));
    }

    [Fact]
    public void Comments_are_escaped()
    {
        string field = new AuthenticationResultsBuilder("mx").Add("iprev", "pass", "host (mail) \\ ok", null, [("policy", "iprev", "192.0.2.1")]).Build();
        Assert.Contains(@"(host \(mail\) \\ ok)", field, StringComparison.Ordinal);
        Assert.Equal(@"host (mail) \ ok", Assert.Single(Assert.Single(Check(field).Results).Comments));
    }

    [Fact]
    public void An_authserv_id_that_is_not_a_token_is_quoted()
    {
        string field = new AuthenticationResultsBuilder("mx wren").AddDkim([]).Build();
        Assert.StartsWith("Authentication-Results: \"mx wren\";", field, StringComparison.Ordinal);
        Assert.Equal("mx wren", Check(field).AuthServId);
    }

    [Fact]
    public void Invalid_method_names_are_refused()
    {
        var builder = new AuthenticationResultsBuilder("mx");
        Assert.Throws<ArgumentException>(() => builder.Add("bad method", "pass", null, null));
        Assert.Throws<ArgumentException>(() => builder.Add("spf", "pass", null, null, [("smtp", "a.b", "x")]));
    }
}
