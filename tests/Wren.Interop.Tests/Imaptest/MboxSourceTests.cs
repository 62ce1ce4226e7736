namespace Wren.Interop.Tests.Imaptest;

public sealed class MboxSourceTests
{
    [Fact]
    public void Messages_run_between_from_lines_with_crlf_endings_and_their_from_date()
    {
        var mbox = MboxSource.Load(Path.Combine(ImaptestSuite.DefaultFolder, "fetch-body.mbox"));
        Assert.Equal(4, mbox.Count);
        var first = mbox.Next();
        Assert.Equal("From: User1 <user1@domain.org>\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\nSubject: s1\r\n\r\nbody1\r\n\r\n", first.Content);
        Assert.Equal("22-Feb-2008 17:06:23 +0000", first.ImapDate);
    }

    [Fact]
    public void It_starts_over_after_the_last_message()
    {
        var mbox = MboxSource.FromText("From a  Sat Mar 24 23:00:00 2007 +0200\nA: 1\n\nx\nFrom b  Sat Mar 24 23:00:01 2007 +0200\nA: 2\n\ny\n");
        Assert.Equal("24-Mar-2007 23:00:00 +0200", mbox.Next().ImapDate);
        Assert.False(mbox.AtEnd);
        Assert.Equal("A: 2\r\n\r\ny\r\n", mbox.Next().Content);
        Assert.True(mbox.AtEnd);
        Assert.Equal("A: 1\r\n\r\nx\r\n", mbox.Next().Content);
    }

    [Theory]
    [InlineData("From user@domain  Fri Feb 22 17:06:23 2008", "22-Feb-2008 17:06:23 +0000")]
    [InlineData("From user@domain  Sat Mar 24 23:00:00 2007 +0200", "24-Mar-2007 23:00:00 +0200")]
    [InlineData("From x Mon Jan  5 01:02 2009", "05-Jan-2009 01:02:00 +0000")]
    public void From_line_dates(string line, string imapDate)
    {
        Assert.True(MboxSource.TryParseFromLine(line, out var date));
        Assert.Equal(imapDate, new MboxMessage("", date).ImapDate);
    }

    [Fact]
    public void A_body_line_starting_with_from_is_not_a_separator()
    {
        var mbox = MboxSource.FromText("From a  Sat Mar 24 23:00:00 2007\nS: 1\n\nFrom here on\n");
        Assert.Equal(1, mbox.Count);
    }

    [Fact]
    public void Every_mbox_of_the_suite_reads()
    {
        foreach (string path in Directory.EnumerateFiles(ImaptestSuite.DefaultFolder, "*.mbox"))
            Assert.True(MboxSource.Load(path).Count > 0, path);
    }
}
