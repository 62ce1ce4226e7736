using System.Security.Cryptography;
using System.Text;

namespace Wren.Imap.Tests.Server;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ImapFetchLargeMessageCollection
{
    public const string Name = "IMAP large FETCH (alone, so allocations are measurable)";
}

/// <summary>A 20 MB message is streamed from the store to the client, never held in memory (RFC 9051 §6.4.5).</summary>
[Collection(ImapFetchLargeMessageCollection.Name)]
public sealed class ImapFetchLargeMessageTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    private const int Size = 20 * 1024 * 1024;

    [Fact]
    public async Task A_20_MB_message_is_streamed_with_bounded_memory()
    {
        byte[] message = BigMessage();
        var box = await ImapMailboxData.NewMailboxAsync(fixture, "big");
        await ImapMailboxData.AppendAsync(fixture, box.Name, message);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name}");

        long before = GC.GetTotalAllocatedBytes(precise: true);
        await c.WriteAsync("a FETCH 1 BODY.PEEK[]\r\n");
        Assert.Equal($"* 1 FETCH (BODY[] {{{message.Length}}}", await c.ReadLineAsync());
        byte[] received = await c.ReadBytesAsync(message.Length);
        Assert.Equal(")", await c.ReadLineAsync());
        Assert.Equal("a OK FETCH completed", await c.ReadLineAsync());
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(SHA256.HashData(message), SHA256.HashData(received));
        // The client's own copy is the message's size; a server that buffered the message would add as much again.
        Assert.True(allocated < message.Length + 12 * 1024 * 1024, $"{allocated / (1024 * 1024)} MB allocated for a {message.Length / (1024 * 1024)} MB message");

        // A range near the end of the text (the summary is built, streaming, on the way).
        var tail = await c.CommandWithLiteralsAsync("b", $"FETCH 1 BODY.PEEK[TEXT]<{Size - 100}.20>");
        int textStart = Encoding.ASCII.GetString(message, 0, 200).IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        Assert.Equal([$"* 1 FETCH (BODY[TEXT]<{Size - 100}> {{20}}\r\n{Encoding.ASCII.GetString(message, textStart + Size - 100, 20)})", "b OK FETCH completed"], tail);
    }

    private static byte[] BigMessage()
    {
        var header = Encoding.ASCII.GetBytes("From: bob@example.test\r\nTo: alice@example.test\r\nSubject: big\r\n\r\n");
        var message = new byte[header.Length + Size];
        header.CopyTo(message, 0);
        var line = new byte[78];
        for (int offset = header.Length, n = 0; offset < message.Length; n++)
        {
            // 76 printable characters that differ from line to line, then CRLF.
            Encoding.ASCII.GetBytes(n.ToString("D10", System.Globalization.CultureInfo.InvariantCulture) + new string((char)('A' + n % 26), 66)).CopyTo(line, 0);
            line[76] = (byte)'\r';
            line[77] = (byte)'\n';
            int take = Math.Min(line.Length, message.Length - offset);
            Array.Copy(line, 0, message, offset, take);
            offset += take;
        }
        return message;
    }
}
