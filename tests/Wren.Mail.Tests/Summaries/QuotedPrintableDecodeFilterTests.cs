using System.Text;
using Wren.Mail.Summaries;

namespace Wren.Mail.Tests.Summaries;

public sealed class QuotedPrintableDecodeFilterTests
{
    private static string Decode(string encoded, int chunk = int.MaxValue)
    {
        // Feed the decoder in small reads too: state must carry across buffers.
        using Stream decoding = TransferEncodings.OpenDecoding(new ChunkedStream(Encoding.Latin1.GetBytes(encoded), chunk), TransferEncodingKind.QuotedPrintable);
        var output = new MemoryStream();
        decoding.CopyTo(output);
        return Encoding.Latin1.GetString(output.ToArray());
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(3)]
    public void Rfc2045_rules_hold(int chunk)
    {
        // RFC 2045 §6.7: trailing whitespace is dropped, "=" (plus padding) ending a line joins it to the next.
        Assert.Equal("hello\r\nbar\r\n", Decode("hello  \r\nbar=\r\n\r\n", chunk));
        Assert.Equal("foo\t \tb\r\n", Decode("foo\t \t= \r\n=62\r\n", chunk));
        Assert.Equal("foo bar\r\n", Decode("foo = \t\r\nbar\r\n", chunk));
        Assert.Equal("a=b =zz =", Decode("a=3Db =zz =", chunk));
        Assert.Equal("lf\nonly\n", Decode("lf \nonly=\n\n", chunk));
        Assert.Equal("x\ry", Decode("x\ry", chunk));
    }

    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }
}
