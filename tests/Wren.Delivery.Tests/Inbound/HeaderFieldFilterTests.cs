using System.Text;
using Wren.Delivery.Inbound;

namespace Wren.Delivery.Tests.Inbound;

public sealed class HeaderFieldFilterTests
{
    private static async Task<(string Output, int Dropped)> FilterAsync(string message, Func<string, string, bool> drop, int readSize = 4096)
    {
        using var source = new ChunkedReadStream(Encoding.UTF8.GetBytes(message), readSize);
        using var target = new MemoryStream();
        int dropped = await HeaderFieldFilter.CopyAsync(source, target, drop, CancellationToken.None);
        return (Encoding.UTF8.GetString(target.ToArray()), dropped);
    }

    private static bool DropForgedResults(string name, string value) =>
        name.Equals("Authentication-Results", StringComparison.OrdinalIgnoreCase) && value.StartsWith("mx.wren.test", StringComparison.OrdinalIgnoreCase);

    [Theory]
    [InlineData(4096)]
    [InlineData(1)]
    [InlineData(7)]
    public async Task Drops_folded_field_and_keeps_every_other_byte(int readSize)
    {
        string message =
            "Received: from x by y; Thu, 3 Dec 2026 10:00:00 +0000\r\n" +
            "Authentication-Results: mx.wren.test;\r\n\tspf=pass smtp.mailfrom=forged.example\r\n" +
            "authentication-results: other.example; dkim=pass\r\n" +
            "Subject: hi\r\n" +
            "\r\n" +
            "Authentication-Results: mx.wren.test; in the body stays\r\n";
        var (output, dropped) = await FilterAsync(message, DropForgedResults, readSize);
        Assert.Equal(1, dropped);
        Assert.Equal(
            "Received: from x by y; Thu, 3 Dec 2026 10:00:00 +0000\r\n" +
            "authentication-results: other.example; dkim=pass\r\n" +
            "Subject: hi\r\n" +
            "\r\n" +
            "Authentication-Results: mx.wren.test; in the body stays\r\n", output);
    }

    [Fact]
    public async Task Value_given_to_the_predicate_is_unfolded()
    {
        var seen = new List<(string, string)>();
        await FilterAsync("X-Test: a\r\n b\r\n\tc\r\n\r\nbody", (n, v) => { seen.Add((n, v)); return false; });
        Assert.Equal([("X-Test", "a b\tc")], seen);
    }

    [Fact]
    public async Task Message_without_a_body_keeps_its_last_field()
    {
        var (output, dropped) = await FilterAsync("Subject: x\r\nAuthentication-Results: mx.wren.test; none", DropForgedResults);
        Assert.Equal(1, dropped);
        Assert.Equal("Subject: x\r\n", output);
    }

    [Fact]
    public async Task Overlong_field_is_kept_whole_without_being_examined()
    {
        string huge = "Authentication-Results: mx.wren.test; " + new string('a', 200_000) + "\r\n";
        string message = huge + "Subject: x\r\n\r\nbody\r\n";
        var (output, dropped) = await FilterAsync(message, DropForgedResults);
        Assert.Equal(0, dropped);
        Assert.Equal(message, output);
    }

    [Fact]
    public async Task Large_body_is_copied_byte_for_byte()
    {
        var random = new Random(42);
        byte[] body = new byte[300_000];
        random.NextBytes(body);
        byte[] head = "Subject: x\r\n\r\n"u8.ToArray();
        using var source = new MemoryStream([.. head, .. body]);
        using var target = new MemoryStream();
        await HeaderFieldFilter.CopyAsync(source, target, (_, _) => true, CancellationToken.None);
        Assert.Equal([.. "\r\n"u8.ToArray(), .. body], target.ToArray());
    }

    /// <summary>Hands out at most <c>readSize</c> bytes per read, as a socket or a slow file might.</summary>
    private sealed class ChunkedReadStream(byte[] data, int readSize) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, readSize)]);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }
}
