using Wren.Imap.Server.Search;

namespace Wren.Imap.Tests.Server;

/// <summary>RFC 5256 §2.1 base subject extraction, which SORT SUBJECT and THREAD compare.</summary>
public sealed class ImapSortBaseSubjectTests
{
    [Theory]
    [InlineData("Hello", "Hello", false)]
    [InlineData("Re: Hello", "Hello", true)]
    [InlineData("RE: re: Fwd: Hello", "Hello", true)]
    [InlineData("Fw: Hello", "Hello", true)]
    [InlineData("Fwd : Hello", "Hello", true)]
    [InlineData("Re[2]: Hello", "Hello", true)]
    [InlineData("[list] Re: Hello", "Hello", true)]
    [InlineData("Re: [list] Hello", "Hello", true)]
    [InlineData("[list] [other] Hello", "Hello", false)]
    [InlineData("[list]", "[list]", false)]
    [InlineData("Hello (fwd)", "Hello", true)]
    [InlineData("Hello (FWD) (fwd)  ", "Hello", true)]
    [InlineData("[Fwd: Re: Hello]", "Hello", true)]
    [InlineData("Re: [fwd: [list] Hello (fwd)]", "Hello", true)]
    [InlineData("  Hello \t  world\t", "Hello world", false)]
    [InlineData("=?UTF-8?Q?Re:_Caf=C3=A9?=", "Café", true)]
    [InlineData("Re: =?UTF-8?B?Q2Fmw6k=?=", "Café", true)]
    [InlineData("Re:", "", true)]
    [InlineData("", "", false)]
    [InlineData("Reply to all", "Reply to all", false)]
    [InlineData("Fwdx: Hello", "Fwdx: Hello", false)]
    public void Extracts_the_base_subject(string subject, string expected, bool reply)
    {
        Assert.Equal(expected, BaseSubject.Extract(subject, out bool isReply));
        Assert.Equal(reply, isReply);
    }

    [Fact]
    public void Absent_subject_is_empty() => Assert.Equal("", BaseSubject.Extract(null));

    [Theory]
    [InlineData("abc", "ABC", 0)]
    [InlineData("a", "b", -1)]
    [InlineData("B", "a", 1)]
    [InlineData("ab", "abc", -1)]
    [InlineData("é", "É", 1)] // i;ascii-casemap folds only ASCII letters
    public void Ascii_casemap_folds_ascii_letters_only(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(MessageSortKeys.AsciiCasemap(a, b)));
}
