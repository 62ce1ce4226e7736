using System.Text;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Tests.Client;

public class SmtpReplyReaderTests
{
    private static SmtpReplyReader Reader(string wire, int maxLine = 4096, int maxLines = 256) =>
        new(new MemoryStream(Encoding.UTF8.GetBytes(wire)), maxLine, maxLines);

    [Fact]
    public async Task Multiline_reply_is_one_reply_and_the_next_follows()
    {
        var reader = Reader("250-server greets you\r\n250-PIPELINING\r\n250 SIZE 1000\r\n354 go ahead\r\n");
        SmtpReply ehlo = await reader.ReadAsync(false, default);
        Assert.Equal(250, ehlo.Code);
        Assert.Equal(["server greets you", "PIPELINING", "SIZE 1000"], ehlo.Lines);
        SmtpReply next = await reader.ReadAsync(false, default);
        Assert.Equal(354, next.Code);
        Assert.Equal("go ahead", next.Text);
    }

    [Fact]
    public async Task Enhanced_codes_are_taken_off_each_line_only_when_asked()
    {
        const string wire = "550-5.1.1 first\r\n550 5.1.1 second\r\n";
        SmtpReply with = await Reader(wire).ReadAsync(true, default);
        Assert.Equal("5.1.1", with.EnhancedCode);
        Assert.Equal("first\nsecond", with.Text);
        SmtpReply without = await Reader(wire).ReadAsync(false, default);
        Assert.Null(without.EnhancedCode);
        Assert.Equal("5.1.1 first\n5.1.1 second", without.Text);
        // A code whose class does not match the reply is text, not a status code.
        SmtpReply mismatched = await Reader("250 5.0.0 odd\r\n").ReadAsync(true, default);
        Assert.Null(mismatched.EnhancedCode);
    }

    [Fact]
    public async Task Bare_code_and_bare_LF_are_tolerated()
    {
        var reader = Reader("250\n221 bye\n");
        Assert.Equal(250, (await reader.ReadAsync(false, default)).Code);
        Assert.Equal("bye", (await reader.ReadAsync(false, default)).Text);
    }

    [Theory]
    [InlineData("hello\r\n")]
    [InlineData("25 short\r\n")]
    [InlineData("650 bad class\r\n")]
    [InlineData("250x no separator\r\n")]
    [InlineData("250-first\r\n251 other code\r\n")]
    public async Task Malformed_replies_are_refused(string wire)
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => Reader(wire).ReadAsync(false, default).AsTask());
    }

    [Fact]
    public async Task Over_long_line_is_refused_without_reading_it_all()
    {
        var stream = new MemoryStream(Encoding.ASCII.GetBytes("250 " + new string('x', 100_000) + "\r\n"));
        var reader = new SmtpReplyReader(stream, 512, 10);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadAsync(false, default).AsTask());
        Assert.Contains("longer than 512", e.Message);
        Assert.True(stream.Position <= 1024, "the reader stopped at the limit");
    }

    [Fact]
    public async Task Endless_multiline_reply_is_refused_at_the_line_limit()
    {
        string wire = string.Concat(Enumerable.Repeat("250-more\r\n", 1000)) + "250 end\r\n";
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Reader(wire, maxLines: 50).ReadAsync(false, default).AsTask());
        Assert.Contains("more than 50 lines", e.Message);
    }

    [Fact]
    public async Task Connection_closed_mid_reply_is_end_of_stream()
    {
        await Assert.ThrowsAsync<EndOfStreamException>(() => Reader("250-partial\r\n250 no end").ReadAsync(false, default).AsTask());
    }
}
