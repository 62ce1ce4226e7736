using System.Net.Sockets;
using System.Text;
using Wren.Imap.Server;
using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

/// <summary>A 10 MB APPEND streams into the store in bounded memory (measured alone: see <see cref="AllocationMeasuringCollection"/>).</summary>
[Collection(AllocationMeasuringCollection.Name)]
public sealed class ImapAppendLargeMessageTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    private async Task<MessageEntry> OnlyMessageAsync(MailboxStatus box)
    {
        var user = await ImapMailboxData.UserAsync(fixture);
        var snapshot = await fixture.Store.Mailboxes.GetMessagesAsync(user.Id, box.MailboxId, new MessageQuery { IncludeSummaries = true });
        return Assert.Single(snapshot!.Messages);
    }

    [Fact]
    public async Task A_10_MB_message_is_streamed_with_bounded_memory()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        const int size = 10 * 1024 * 1024;
        byte[] header = ImapMailboxData.Message("big", "");
        byte[] line = Encoding.ASCII.GetBytes(new string('x', 1022) + "\r\n");
        await using var server = new ImapTestServer(fixture, new ImapServerOptions { AllowInsecureAuth = true }, tls: false);
        // A plain socket: the test client encodes each string it sends, which would blur the measurement.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Imap);
        await using NetworkStream stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        Assert.StartsWith("* OK", await reader.ReadLineAsync());
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"l LOGIN {ImapStoreFixture.User} \"{ImapStoreFixture.Password}\"\r\n"));
        while (!(await reader.ReadLineAsync())!.StartsWith("l OK", StringComparison.Ordinal))
        {
        }

        long before = GC.GetTotalAllocatedBytes(precise: true);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"a APPEND {box.Name} {{{size}}}\r\n"));
        Assert.StartsWith("+ ", await reader.ReadLineAsync());
        await stream.WriteAsync(header);
        long sent = header.Length;
        while (sent + line.Length <= size)
        {
            await stream.WriteAsync(line);
            sent += line.Length;
        }
        await stream.WriteAsync(line.AsMemory(0, (int)(size - sent)));
        await stream.WriteAsync("\r\n"u8.ToArray());
        Assert.Equal($"a OK [APPENDUID {box.UidValidity} 1] APPEND completed", await reader.ReadLineAsync());
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        // Holding the message in memory once would already allocate 10 MB (more, as a growing buffer).
        Assert.True(allocated < size, $"{allocated} bytes allocated for a {size}-byte APPEND");

        MessageEntry entry = await OnlyMessageAsync(box);
        Assert.Equal(size, entry.Size);
        var summary = StoredSummary.Decode(entry.Summary)!;
        Assert.Equal(size, summary.Size);
        Assert.Equal("big", summary.Envelope.Subject);
    }
}
