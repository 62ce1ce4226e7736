using Wren.MailAuth.PublicSuffix;

namespace Wren.MailAuth.Tests.PublicSuffix;

/// <summary>A few checks against the installed list (Debian package <c>publicsuffix</c>); they pass vacuously where the
/// file is absent. Only long-standing rules are asked about, so a newer list does not break them.</summary>
public sealed class SystemPublicSuffixListTests
{
    private static readonly Lazy<PublicSuffixList?> System = new(() =>
        File.Exists(PublicSuffixList.DebianPath) ? PublicSuffixList.Load(PublicSuffixList.DebianPath) : null);

    [Theory]
    [InlineData("mail.example.com", "example.com")]
    [InlineData("www.example.co.uk", "example.co.uk")]
    [InlineData("a.b.example.com.au", "example.com.au")]
    [InlineData("www.city.kawasaki.jp", "city.kawasaki.jp")]
    [InlineData("x.y.kawasaki.jp", "x.y.kawasaki.jp")]
    [InlineData("www.ck", "www.ck")]
    [InlineData("mail.example.ck", "mail.example.ck")]
    [InlineData("alice.github.io", "alice.github.io")]
    [InlineData("www.食狮.公司.cn", "xn--85x722f.xn--55qx5d.cn")]
    public void Installed_list_gives_the_expected_organizational_domain(string domain, string expected)
    {
        if (System.Value is not { } list)
            return; // no publicsuffix package on this machine
        Assert.True(list.RuleCount > 5000);
        Assert.Equal(expected, list.OrganizationalDomain(domain));
    }
}
