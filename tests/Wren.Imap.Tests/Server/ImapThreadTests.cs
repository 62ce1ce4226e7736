using System.Text;
using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

/// <summary>THREAD and UID THREAD (RFC 5256 §3, §4) through the server.</summary>
public sealed class ImapThreadTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    private static byte[] Message(string id, string subject, string date, string? references = null, string? inReplyTo = null) => Encoding.UTF8.GetBytes(
        $"From: someone@example.org\r\nSubject: {subject}\r\nDate: {date}\r\nMessage-ID: <{id}@example.org>\r\n" +
        (references is null ? "" : $"References: {references}\r\n") + (inReplyTo is null ? "" : $"In-Reply-To: {inReplyTo}\r\n") + "\r\nText.\r\n");

    private async Task<(ImapTestServer, ImapTestClient, long[])> MailboxAsync()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture, "thread");
        var at = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        byte[][] messages =
        [
            Message("a", "Plans", "Sun, 01 Feb 2026 10:00:00 +0000"),
            Message("b", "Re: Plans", "Sun, 01 Feb 2026 11:00:00 +0000", "<a@example.org>"),
            Message("c", "Lunch?", "Sun, 01 Feb 2026 09:00:00 +0000"),
            // Folded References, with the grandparent first.
            Message("d", "Re: Plans", "Sun, 01 Feb 2026 12:00:00 +0000", "<a@example.org>\r\n <b@example.org>"),
            Message("e", "Re: Lunch?", "Sun, 01 Feb 2026 09:30:00 +0000", inReplyTo: "<c@example.org>"),
            // A reply by subject only, and one to a message not in the mailbox.
            Message("f", "Re: Plans", "Sun, 01 Feb 2026 13:00:00 +0000"),
            Message("g", "Elsewhere", "Sun, 01 Feb 2026 08:00:00 +0000", "<gone@example.org>"),
        ];
        var uids = new List<long>();
        foreach (byte[] message in messages)
            uids.Add((await ImapSearchData.AppendAsync(fixture, box.Name, message, at, uids.Count == 2 ? MessageFlags.Seen : MessageFlags.None)).Uid);
        var server = new ImapTestServer(fixture);
        var c = await server.LoginAsync();
        await c.CommandAsync("s", "SELECT " + box.Name);
        return (server, c, [.. uids]);
    }

    [Fact]
    public async Task References_threads_the_mailbox()
    {
        var (server, c, uids) = await MailboxAsync();
        await using (server)
        await using (c)
        {
            Assert.Equal(["* THREAD (7)(3 5)(1 (2 4)(6))", "a OK THREAD completed"], await c.CommandAsync("a", "THREAD REFERENCES UTF-8 ALL"));
            Assert.Equal([$"* THREAD ({uids[6]})({uids[2]} {uids[4]})({uids[0]} ({uids[1]} {uids[3]})({uids[5]}))", "b OK UID THREAD completed"],
                await c.CommandAsync("b", "UID THREAD REFERENCES US-ASCII ALL"));
            // Only the messages the keys select are threaded.
            Assert.Equal(["* THREAD (5)(1 (2 4)(6))", "c OK THREAD completed"], await c.CommandAsync("c", "THREAD REFERENCES UTF-8 UNSEEN NOT 7"));
            Assert.Equal(["* THREAD", "d OK THREAD completed"], await c.CommandAsync("d", "THREAD REFERENCES UTF-8 KEYWORD $Nothing"));
        }
    }

    [Fact]
    public async Task Ordered_subject_groups_by_base_subject()
    {
        var (server, c, _) = await MailboxAsync();
        await using (server)
        await using (c)
            Assert.Equal(["* THREAD (7)(3 5)(1 (2)(4)(6))", "a OK THREAD completed"], await c.CommandAsync("a", "THREAD ORDEREDSUBJECT UTF-8 ALL"));
    }

    [Fact]
    public async Task Bad_thread_commands_are_answered()
    {
        var (server, c, _) = await MailboxAsync();
        await using (server)
        await using (c)
        {
            Assert.StartsWith("a BAD", Assert.Single(await c.CommandAsync("a", "THREAD REFS UTF-8 ALL")));
            Assert.StartsWith("b NO [BADCHARSET", Assert.Single(await c.CommandAsync("b", "THREAD REFERENCES X-NONE ALL")));
            Assert.StartsWith("c BAD", Assert.Single(await c.CommandAsync("c", "THREAD REFERENCES UTF-8")));
            Assert.Equal("d OK THREAD completed", (await c.CommandAsync("d", "THREAD ORDEREDSUBJECT UTF-8 1"))[^1]);
        }
    }
}
