using Wren.MailAuth.PublicSuffix;

namespace Wren.MailAuth.Tests.PublicSuffix;

public sealed class PublicSuffixListTests
{
    private readonly PublicSuffixList _list = TestSuffixList.Load();

    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("mail.example.com", "example.com")]
    [InlineData("a.b.c.example.com", "example.com")]
    [InlineData("Mail.EXAMPLE.com.", "example.com")]
    [InlineData("com", "com")]
    [InlineData("example.co.uk", "example.co.uk")]
    [InlineData("www.example.co.uk", "example.co.uk")]
    [InlineData("example.uk", "example.uk")]
    [InlineData("co.uk", "co.uk")]
    [InlineData("example.org", "example.org")]
    // *.ck: every child of ck is a public suffix, except www.ck (the exception).
    [InlineData("a.b.ck", "a.b.ck")]
    [InlineData("x.a.b.ck", "a.b.ck")]
    [InlineData("b.ck", "b.ck")]
    [InlineData("www.ck", "www.ck")]
    [InlineData("mail.www.ck", "www.ck")]
    [InlineData("jp", "jp")]
    [InlineData("example.jp", "example.jp")]
    [InlineData("a.b.kawasaki.jp", "a.b.kawasaki.jp")]
    [InlineData("x.a.b.kawasaki.jp", "a.b.kawasaki.jp")]
    [InlineData("city.kawasaki.jp", "city.kawasaki.jp")]
    [InlineData("www.city.kawasaki.jp", "city.kawasaki.jp")]
    [InlineData("kawasaki.jp", "kawasaki.jp")]
    // No rule matches: the default rule "*" makes the last label the suffix.
    [InlineData("example.test", "example.test")]
    [InlineData("a.b.example.test", "example.test")]
    [InlineData("test", "test")]
    // IDN: rules and names compare in A-label form, whichever form they were written in.
    [InlineData("食狮.公司.cn", "xn--85x722f.xn--55qx5d.cn")]
    [InlineData("www.xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn")]
    [InlineData("münchen.example.com", "example.com")]
    [InlineData("bücher.co.uk", "xn--bcher-kva.co.uk")]
    // Private section rules count by default.
    [InlineData("alice.pages.example-host.com", "alice.pages.example-host.com")]
    [InlineData("www.alice.pages.example-host.com", "alice.pages.example-host.com")]
    [InlineData("www.alice.eu.cloud.example-host.com", "alice.eu.cloud.example-host.com")]
    [InlineData("www.example-host.com", "example-host.com")]
    public void Organizational_domain_is_the_public_suffix_plus_one_label(string domain, string expected) =>
        Assert.Equal(expected, _list.OrganizationalDomain(domain));

    [Theory]
    [InlineData("www.example.co.uk", "co.uk")]
    [InlineData("a.b.ck", "b.ck")]
    [InlineData("www.ck", "ck")]
    [InlineData("www.city.kawasaki.jp", "kawasaki.jp")]
    [InlineData("x.y.kawasaki.jp", "y.kawasaki.jp")]
    [InlineData("example.test", "test")]
    [InlineData("a.xn--55qx5d.cn", "xn--55qx5d.cn")]
    public void Public_suffix_follows_the_longest_rule_and_exceptions(string domain, string expected) =>
        Assert.Equal(expected, _list.PublicSuffix(domain));

    [Theory]
    [InlineData("co.uk", true)]
    [InlineData("example.co.uk", false)]
    [InlineData("anything.ck", true)]
    [InlineData("www.ck", false)]
    [InlineData("ck", true)]
    [InlineData("公司.cn", true)]
    public void Is_public_suffix(string domain, bool expected) => Assert.Equal(expected, _list.IsPublicSuffix(domain));

    [Fact]
    public void Private_rules_can_be_left_out()
    {
        var icannOnly = TestSuffixList.Load(PublicSuffixSections.Icann);
        Assert.Equal("example-host.com", icannOnly.OrganizationalDomain("www.alice.pages.example-host.com"));
        Assert.Equal("example.co.uk", icannOnly.OrganizationalDomain("www.example.co.uk"));
        Assert.True(icannOnly.RuleCount < _list.RuleCount);
    }

    [Fact]
    public void Default_rule_only_takes_the_last_two_labels()
    {
        var list = PublicSuffixList.DefaultRuleOnly;
        Assert.True(list.IsDefaultRuleOnly);
        Assert.Equal("example.com", list.OrganizationalDomain("a.b.example.com"));
        // The documented weakness of the fallback: a multi-label suffix is not known.
        Assert.Equal("co.uk", list.OrganizationalDomain("www.example.co.uk"));
    }

    [Fact]
    public void A_missing_file_falls_back_to_the_default_rule()
    {
        var list = PublicSuffixList.LoadOrDefaultRule(Path.Combine(Path.GetTempPath(), "wren-no-such-psl-" + Guid.NewGuid() + ".dat"));
        Assert.Same(PublicSuffixList.DefaultRuleOnly, list);
    }

    [Fact]
    public void Load_reads_a_file()
    {
        string path = Path.Combine(Path.GetTempPath(), "wren-psl-" + Guid.NewGuid() + ".dat");
        File.WriteAllText(path, TestSuffixList.Text);
        try
        {
            var list = PublicSuffixList.Load(path);
            Assert.Equal(path, list.Source);
            Assert.Equal(_list.RuleCount, list.RuleCount);
            Assert.Equal("example.co.uk", list.OrganizationalDomain("mail.example.co.uk"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("a..example.com")]
    public void Invalid_names_are_refused(string domain)
    {
        Assert.False(_list.TryGetOrganizationalDomain(domain, out _));
        Assert.Throws<FormatException>(() => _list.OrganizationalDomain(domain));
    }

    [Fact]
    public void Malformed_rules_are_skipped()
    {
        var list = PublicSuffixList.Parse(new StringReader("com\n!\n*.\na..b\nfoo.*.bar\n!*.x\n\n// c\n"));
        Assert.Equal(1, list.RuleCount);
    }
}
