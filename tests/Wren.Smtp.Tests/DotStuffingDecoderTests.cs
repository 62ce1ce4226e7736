using System.Buffers;
using System.Text;
using Wren.Smtp.Server;

namespace Wren.Smtp.Tests;

public class DotStuffingDecoderTests
{
    private static (bool Ended, string Output, int Consumed, bool Bare) Decode(string input, int splitEvery = int.MaxValue)
    {
        var decoder = new DotStuffingDecoder();
        var output = new ArrayBufferWriter<byte>();
        byte[] bytes = Encoding.ASCII.GetBytes(input);
        int total = 0;
        for (int offset = 0; offset < bytes.Length; offset += splitEvery)
        {
            var piece = bytes.AsSpan(offset, Math.Min(splitEvery, bytes.Length - offset));
            bool ended = decoder.Decode(piece, output, out int consumed);
            total += consumed;
            if (ended)
                return (true, Encoding.ASCII.GetString(output.WrittenSpan), total, decoder.SawBareLineEnding);
        }
        return (false, Encoding.ASCII.GetString(output.WrittenSpan), total, decoder.SawBareLineEnding);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Removes_stuffing_and_stops_at_crlf_dot_crlf_on_any_split(int split)
    {
        var r = Decode("Subject: x\r\n\r\n..leading dot\r\n.\r\nMAIL FROM:<a@b>\r\n", split);
        Assert.True(r.Ended);
        Assert.Equal("Subject: x\r\n\r\n.leading dot\r\n", r.Output);
        Assert.Equal("Subject: x\r\n\r\n..leading dot\r\n.\r\n".Length, r.Consumed);
        Assert.False(r.Bare);
    }

    [Fact]
    public void Empty_message_ends_at_once()
    {
        var r = Decode(".\r\n");
        Assert.True(r.Ended);
        Assert.Equal("", r.Output);
    }

    [Theory]
    [InlineData("a\n.\nMAIL FROM:<x@y>\r\n")]
    [InlineData("a\r.\rMAIL FROM:<x@y>\r\n")]
    [InlineData("a\r\n.\nRCPT TO:<x@y>\r\n")]
    [InlineData("a\n.\r\nRCPT TO:<x@y>\r\n")]
    public void Smuggling_endings_do_not_end_data_and_are_flagged(string input)
    {
        var r = Decode(input);
        Assert.False(r.Ended);
        Assert.True(r.Bare);
    }

    [Fact]
    public void Smuggled_ending_followed_by_real_end_is_one_message_flagged_bare()
    {
        var r = Decode("a\n.\nMAIL FROM:<x@y>\r\n.\r\n");
        Assert.True(r.Ended);
        Assert.True(r.Bare);
        Assert.Contains("MAIL FROM", r.Output);
    }

    [Fact]
    public void Dot_inside_a_line_is_kept()
    {
        var r = Decode("a.b\r\n. x\r\n.\r\n");
        Assert.True(r.Ended);
        Assert.Equal("a.b\r\n x\r\n", r.Output);
    }
}
