using Wren.MailAuth.PublicSuffix;

namespace Wren.MailAuth.Tests.PublicSuffix;

/// <summary>A small list written for these tests (not an excerpt of the real file): normal, wildcard, exception,
/// IDN and private-section rules.</summary>
internal static class TestSuffixList
{
    public const string Text = """
        // A test list in the publicsuffix.org format.
        // ===BEGIN ICANN DOMAINS===
        com
        uk
        co.uk
          org   trailing words after white space are ignored

        // wildcard and exception
        *.ck
        !www.ck
        jp
        *.kawasaki.jp
        !city.kawasaki.jp
        // a Unicode rule, compared in A-label form
        公司.cn
        cn
        // ===END ICANN DOMAINS===
        // ===BEGIN PRIVATE DOMAINS===
        // a hosting provider whose customers get their own names
        pages.example-host.com
        *.cloud.example-host.com
        // ===END PRIVATE DOMAINS===
        """;

    public static PublicSuffixList Load(PublicSuffixSections sections = PublicSuffixSections.All) =>
        PublicSuffixList.Parse(new StringReader(Text), sections);
}
