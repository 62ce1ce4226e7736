using System.Text;
using Wren.Imap.Server;

namespace Wren.Imap.Tests.Server;

/// <summary>Strings in responses (RFC 9051 §4.3): quoted where possible, literals otherwise, NIL for null.</summary>
public sealed class ImapStringsTests
{
    [Theory]
    [InlineData("Wren", false, "\"Wren\"")]
    [InlineData("", false, "\"\"")]
    [InlineData("say \"hi\" \\ bye", false, "\"say \\\"hi\\\" \\\\ bye\"")]
    [InlineData("two\r\nlines", false, "{10}\r\ntwo\r\nlines")]
    [InlineData("Grüße", false, "{7}\r\nGrüße")]
    [InlineData("Grüße", true, "\"Grüße\"")]
    public void Strings_are_quoted_or_literal(string value, bool utf8, string expected) =>
        Assert.Equal(expected, ImapStrings.Format(value, utf8));

    [Fact]
    public void Long_strings_are_literals_and_null_is_nil()
    {
        Assert.StartsWith("{2000}\r\n", ImapStrings.Format(new string('a', 2000), utf8: true));
        var builder = new StringBuilder();
        ImapStrings.AppendNString(builder, null, utf8: false);
        Assert.Equal("NIL", builder.ToString());
    }

    [Fact]
    public void Status_lines_carry_codes_and_never_break_the_line()
    {
        Assert.Equal("a NO [TOOBIG] too big", ImapResponseWriter.Format("a", ImapCondition.No, "TOOBIG", "too big"));
        Assert.Equal("* BYE bad  text", ImapResponseWriter.Format("*", ImapCondition.Bye, null, "bad\r\ntext"));
    }
}
