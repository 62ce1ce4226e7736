using Wren.Smtp.Protocol;

namespace Wren.Smtp.Tests;

public class PathArgumentTests
{
    [Fact]
    public void Parses_path_and_parameters()
    {
        var p = PathArgument.Parse("FROM:<a@b.test> SIZE=100 BODY=8BITMIME SMTPUTF8", "FROM:");
        Assert.NotNull(p);
        Assert.Equal("a@b.test", p.Path);
        Assert.Equal(["SIZE", "BODY", "SMTPUTF8"], p.Parameters.Select(x => x.Key));
        Assert.Null(p.Parameters[2].Value);
    }

    [Theory]
    [InlineData("FROM: <a@b>", "a@b")]
    [InlineData("from:<>", "")]
    [InlineData("FROM:<@relay.test,@other.test:a@b>", "a@b")]
    [InlineData("FROM:<\"odd>name\"@b>", "\"odd>name\"@b")]
    public void Accepts_tolerated_forms(string argument, string expected) =>
        Assert.Equal(expected, PathArgument.Parse(argument, "FROM:")?.Path);

    [Theory]
    [InlineData("FROM:a@b")]
    [InlineData("TO:<a@b>")]
    [InlineData("FROM:<a@b")]
    [InlineData("FROM:<a@b>SIZE=1")]
    [InlineData("FROM:<a@b> =1")]
    [InlineData("FROM:<a@b> SIZE=")]
    public void Rejects_malformed(string argument) => Assert.Null(PathArgument.Parse(argument, "FROM:"));

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("a+2Bb", "a+b")]
    [InlineData("x+3Dy", "x=y")]
    public void Xtext_decodes(string text, string expected)
    {
        Assert.True(XText.TryDecode(text, out var decoded));
        Assert.Equal(expected, decoded);
    }

    [Theory]
    [InlineData("a+2")]
    [InlineData("a+2b")]
    [InlineData("a b")]
    [InlineData("a=b")]
    public void Xtext_rejects_malformed(string text) => Assert.False(XText.TryDecode(text, out _));

    [Fact]
    public void Xtext_round_trips() =>
        Assert.Equal("rfc822;bob+x=y@ex.test", XText.TryDecode(XText.Encode("rfc822;bob+x=y@ex.test"), out var d) ? d : null);
}
