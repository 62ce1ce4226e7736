using System.Text;
using Wren.Imap.Protocol;

namespace Wren.Imap.Tests.Protocol;

public class ImapDatesTests
{
    [Theory]
    [InlineData("17-Jul-1996 02:44:25 -0700", 1996, 7, 17, 2, 44, 25, -7 * 60)]
    [InlineData(" 7-Jul-1996 02:44:25 +0530", 1996, 7, 7, 2, 44, 25, 5 * 60 + 30)]
    [InlineData("7-JUL-1996 23:59:59 +0000", 1996, 7, 7, 23, 59, 59, 0)]
    public void Date_time(string text, int y, int mo, int d, int h, int mi, int s, int offsetMinutes)
    {
        Assert.True(ImapDates.TryParseDateTime(Encoding.ASCII.GetBytes(text), out DateTimeOffset value));
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromMinutes(offsetMinutes)), value);
    }

    [Theory]
    [InlineData("17-Jul-1996 02:44:25")]
    [InlineData("17-Jul-1996 02:44 -0700")]
    [InlineData("32-Jul-1996 02:44:25 -0700")]
    [InlineData("17-Jux-1996 02:44:25 -0700")]
    [InlineData("17-Jul-96 02:44:25 -0700")]
    [InlineData("17-Jul-1996 24:44:25 -0700")]
    [InlineData("17-Jul-1996 02:44:25 0700")]
    [InlineData("17-Jul-1996 02:44:25 -07000")]
    [InlineData("17-Jul-1996 02:44:25 -1599")]
    [InlineData("")]
    public void Bad_date_time(string text) => Assert.False(ImapDates.TryParseDateTime(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void Formats()
    {
        var value = new DateTimeOffset(1996, 7, 7, 2, 44, 25, TimeSpan.FromHours(-7));
        Assert.Equal("07-Jul-1996 02:44:25 -0700", ImapDates.FormatDateTime(value));
        Assert.True(ImapDates.TryParseDateTime(Encoding.ASCII.GetBytes(ImapDates.FormatDateTime(value)), out DateTimeOffset back));
        Assert.Equal(value, back);
        Assert.Equal("1-Feb-1994", ImapDates.FormatDate(new DateOnly(1994, 2, 1)));
    }
}
