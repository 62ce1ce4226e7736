using Wren.Mail.Summaries;

namespace Wren.Mail.Tests.Summaries;

public sealed class SectionSpecTests
{
    [Theory]
    [InlineData("", "", SectionKind.Full, "")]
    [InlineData("1.2.3", "1.2.3", SectionKind.Full, "")]
    [InlineData("header", "", SectionKind.Header, "")]
    [InlineData("4.TEXT", "4", SectionKind.Text, "")]
    [InlineData("1.mime", "1", SectionKind.Mime, "")]
    [InlineData("HEADER.FIELDS (From \"Subject\" x-a)", "", SectionKind.HeaderFields, "From,Subject,x-a")]
    [InlineData("2.header.fields.not (date)", "2", SectionKind.HeaderFieldsNot, "date")]
    public void Valid_specs_parse(string text, string part, SectionKind kind, string fields)
    {
        Assert.True(SectionSpec.TryParse(text, out SectionSpec spec));
        Assert.Equal(part, string.Join('.', spec.Part));
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(fields, string.Join(',', spec.Fields));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.")]
    [InlineData("1..2")]
    [InlineData("MIME")]
    [InlineData("HEADER.FIELDS ()")]
    [InlineData("HEADER.FIELDS (From")]
    [InlineData("HEADER.FIELDS")]
    [InlineData("1.BODY")]
    [InlineData("99999999999")]
    public void Invalid_specs_do_not_parse(string text)
    {
        Assert.False(SectionSpec.TryParse(text, out _));
    }
}
