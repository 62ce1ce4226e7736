using System.Buffers;
using System.Text;
using Wren.Smtp.Server;

namespace Wren.Smtp.Tests;

/// <summary>
/// Property: whatever CRLF-terminated lines a client sends, dot-stuffed per RFC 5321 §4.5.2 and split into
/// reads anywhere, the decoder returns exactly the original lines and stops exactly at the terminator.
/// Seeded, so every run checks the same cases.
/// </summary>
public class DotStuffingRoundTripTests
{
    private static readonly string[] Pieces = [".", "..", "a", " ", "\t", "x.y", "ü", ".\r", "From ", "-", ""];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Stuffed_lines_decode_to_the_original_on_any_split(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            var original = new StringBuilder();
            int lines = random.Next(0, 12);
            for (int i = 0; i < lines; i++)
            {
                int parts = random.Next(0, 5);
                for (int p = 0; p < parts; p++)
                    original.Append(Pieces[random.Next(Pieces.Length)].Replace("\r", ""));
                original.Append("\r\n");
            }
            string stuffed = string.Concat(original.ToString().Split("\r\n").SkipLast(1)
                .Select(line => (line.StartsWith('.') ? "." + line : line) + "\r\n"));
            byte[] wire = Encoding.UTF8.GetBytes(stuffed + ".\r\nNEXT COMMAND\r\n");
            int terminatorEnd = Encoding.UTF8.GetByteCount(stuffed + ".\r\n");

            var decoder = new DotStuffingDecoder();
            var output = new ArrayBufferWriter<byte>();
            int offset = 0;
            bool ended = false;
            while (!ended && offset < wire.Length)
            {
                int size = random.Next(1, 9);
                var piece = wire.AsSpan(offset, Math.Min(size, wire.Length - offset));
                ended = decoder.Decode(piece, output, out int consumed);
                offset += consumed;
            }
            Assert.True(ended);
            Assert.Equal(terminatorEnd, offset);
            Assert.False(decoder.SawBareLineEnding);
            Assert.Equal(original.ToString(), Encoding.UTF8.GetString(output.WrittenSpan));
        }
    }
}
