using System.Text;
using Wren.Delivery.Inbound;

namespace Wren.Delivery.Tests.Inbound;

public class HopCountingStreamTests
{
    private static (int Hops, byte[] Written) Count(string message, int chunkSize)
    {
        var sink = new MemoryStream();
        var counter = new HopCountingStream(sink);
        byte[] bytes = Encoding.ASCII.GetBytes(message);
        for (int i = 0; i < bytes.Length; i += chunkSize)
            counter.Write(bytes, i, Math.Min(chunkSize, bytes.Length - i));
        return (counter.Hops, sink.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public void Counts_received_fields_of_the_header_section_only_however_the_writes_fall(int chunkSize)
    {
        string message =
            "Received: from a by b; Mon, 1 Dec 2026 08:00:00 +0000\r\n" +
            "RECEIVED: from c\r\n\tby d; Mon, 1 Dec 2026 08:00:00 +0000\r\n" +
            "X-Received: not a hop\r\n" +
            "Subject: Received: neither\r\n" +
            " Received: a folded continuation is not a field\r\n" +
            "received:from e\r\n" +
            "\r\n" +
            "Received: in the body, quoted from another message\r\n";
        var (hops, written) = Count(message, chunkSize);
        Assert.Equal(3, hops);
        Assert.Equal(message, Encoding.ASCII.GetString(written)); // passed through unchanged
    }

    [Fact]
    public void A_message_without_a_header_section_ends_counting_at_its_first_blank_line()
    {
        Assert.Equal(0, Count("\r\nReceived: from a\r\n", 2).Hops);
    }
}
