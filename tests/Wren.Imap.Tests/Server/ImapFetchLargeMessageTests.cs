using System.Security.Cryptography;
using System.Text;

namespace Wren.Imap.Tests.Server;

/// <summary>Tests that measure the process's allocations run alone, after the others, so nothing else allocates meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasuringCollection
{
    public const string Name = "IMAP tests that measure allocations (run alone)";
}

/// <summary>A 20 MB message is streamed from the store to the client, never held in memory (RFC 9051 §6.4.5).</summary>
[Collection(AllocationMeasuringCollection.Name)]
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

    [Fact]
    public async Task A_large_base64_attachment_is_decoded_as_it_streams()
    {
        byte[] attachment = new byte[8 * 1024 * 1024];
        new Random(7).NextBytes(attachment);
        string base64 = Convert.ToBase64String(attachment, Base64FormattingOptions.InsertLineBreaks);
        byte[] message = Encoding.ASCII.GetBytes(
            "From: bob@example.test\r\nSubject: attachment\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
            "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n" +
            "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64 + "\r\n--b--\r\n");
        var box = await ImapMailboxData.NewMailboxAsync(fixture, "att");
        await ImapMailboxData.AppendAsync(fixture, box.Name, message);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name}");
        // The summary (built on the first FETCH that needs it) says how long the decoded part is.
        Assert.Equal([$"* 1 FETCH (BINARY.SIZE[2] {attachment.Length})", "a OK FETCH completed"], await c.CommandAsync("a", "FETCH 1 BINARY.SIZE[2]"));

        long before = GC.GetTotalAllocatedBytes(precise: true);
        await c.WriteAsync("b FETCH 1 BINARY.PEEK[2]\r\n");
        // Random bytes hold NUL: a literal8 (RFC 3516 §4.2).
        Assert.Equal($"* 1 FETCH (BINARY[2] ~{{{attachment.Length}}}", await c.ReadLineAsync());
        byte[] received = await c.ReadBytesAsync(attachment.Length);
        Assert.Equal(")", await c.ReadLineAsync());
        Assert.Equal("b OK FETCH completed", await c.ReadLineAsync());
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(SHA256.HashData(attachment), SHA256.HashData(received));
        Assert.True(allocated < attachment.Length + 8 * 1024 * 1024, $"{allocated / (1024 * 1024)} MB allocated for an {attachment.Length / (1024 * 1024)} MB part");
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
