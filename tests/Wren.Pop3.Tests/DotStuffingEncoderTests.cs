using System.Buffers;
using System.Text;
using Wren.Pop3.Protocol;

namespace Wren.Pop3.Tests;

public class DotStuffingEncoderTests
{
    private static string Encode(string message, long? bodyLines = null, int chunk = int.MaxValue)
    {
        var output = new ArrayBufferWriter<byte>();
        var encoder = new DotStuffingEncoder(output, bodyLines);
        byte[] bytes = Encoding.UTF8.GetBytes(message);
        for (int offset = 0; offset < bytes.Length && !encoder.IsDone; offset += chunk)
            encoder.Write(bytes.AsSpan(offset, Math.Min(chunk, bytes.Length - offset)));
        encoder.Complete();
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Lines_starting_with_a_dot_are_stuffed_in_any_chunking(int chunk)
    {
        Assert.Equal("A: b\r\n\r\n..x\r\n...\r\n..\r\ny.z\r\n.\r\n", Encode("A: b\r\n\r\n.x\r\n..\r\n.\r\ny.z\r\n", chunk: chunk));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    public void Bare_line_feeds_become_crlf_and_a_missing_last_line_end_is_added(int chunk)
    {
        Assert.Equal("a\r\nb\r\n..c\r\n.\r\n", Encode("a\nb\r\n.c", chunk: chunk));
        Assert.Equal("a\r\n.\r\n", Encode("a\r", chunk: chunk));
    }

    [Fact]
    public void An_empty_message_is_just_the_terminator()
    {
        Assert.Equal(".\r\n", Encode(""));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    public void Top_sends_the_header_the_blank_line_and_n_body_lines(int chunk)
    {
        const string message = "A: 1\r\nB: 2\r\n\r\n.one\r\ntwo\r\nthree\r\n";
        Assert.Equal("A: 1\r\nB: 2\r\n\r\n.\r\n", Encode(message, 0, chunk));
        Assert.Equal("A: 1\r\nB: 2\r\n\r\n..one\r\ntwo\r\n.\r\n", Encode(message, 2, chunk));
        Assert.Equal("A: 1\r\nB: 2\r\n\r\n..one\r\ntwo\r\nthree\r\n.\r\n", Encode(message, 99, chunk));
        // A message without a body: all of it.
        Assert.Equal("A: 1\r\n.\r\n", Encode("A: 1\r\n", 0, chunk));
    }

    [Fact]
    public void Random_content_round_trips_through_unstuffing()
    {
        var random = new Random(42);
        for (int round = 0; round < 200; round++)
        {
            var text = new StringBuilder();
            int lines = random.Next(0, 20);
            for (int i = 0; i < lines; i++)
                text.Append(new string(".ab\r"[random.Next(4)], random.Next(0, 4))).Append("\r\n");
            string message = text.ToString();
            string encoded = Encode(message, chunk: random.Next(1, 10));
            Assert.EndsWith("\r\n.\r\n", "\r\n" + encoded);
            string body = encoded[..^3];
            var unstuffed = string.Join("\r\n", body.Split("\r\n").Select(l => l.StartsWith('.') ? l[1..] : l));
            Assert.Equal(message, unstuffed);
        }
    }
}
