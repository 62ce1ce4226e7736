using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

/// <summary>IDLE (RFC 9051 §6.3.13): changes are pushed as they are committed, DONE ends it.</summary>
public sealed class ImapIdleTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    [Fact]
    public async Task New_mail_flags_and_expunges_are_pushed_while_idling()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        var user = await ImapMailboxData.UserAsync(fixture);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("one"));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"SELECT {box.Name}");

        await c.WriteAsync("b IDLE\r\n");
        Assert.Equal("+ idling", await c.ReadLineAsync());
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("two"));
        Assert.Equal("* 2 EXISTS", await c.ReadLineAsync());
        Assert.Equal("* 2 RECENT", await c.ReadLineAsync());
        await fixture.Store.Mailboxes.StoreFlagsAsync(user.Id, box.MailboxId, UidSet.Of([1]), new FlagChange(FlagOperation.Add, MessageFlags.Deleted));
        Assert.Equal("* 1 FETCH (FLAGS (\\Deleted \\Recent))", await c.ReadLineAsync());
        await fixture.Store.Mailboxes.ExpungeAsync(user.Id, box.MailboxId);
        Assert.Equal("* 1 EXPUNGE", await c.ReadLineAsync());
        await c.WriteAsync("DONE\r\n");
        Assert.Equal("b OK IDLE terminated", await c.ReadLineAsync());
        Assert.Equal(["c OK NOOP completed"], await c.CommandAsync("c", "NOOP"));
    }

    [Fact]
    public async Task Changes_before_idle_are_told_at_once_and_done_may_arrive_in_pieces()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"SELECT {box.Name}");
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("one"));

        await c.WriteAsync("b IDLE\r\n");
        Assert.Equal("+ idling", await c.ReadLineAsync());
        Assert.Equal("* 1 EXISTS", await c.ReadLineAsync());
        Assert.Equal("* 1 RECENT", await c.ReadLineAsync());
        await c.WriteAsync("do");
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("two"));
        Assert.Equal("* 2 EXISTS", await c.ReadLineAsync());
        Assert.Equal("* 2 RECENT", await c.ReadLineAsync());
        await c.WriteAsync("ne\r\n");
        Assert.Equal("b OK IDLE terminated", await c.ReadLineAsync());
    }

    [Fact]
    public async Task Idle_without_a_mailbox_and_a_line_other_than_done()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.WriteAsync("a IDLE\r\n");
        Assert.Equal("+ idling", await c.ReadLineAsync());
        await c.WriteAsync("b NOOP\r\n");
        Assert.Equal("a BAD Expected DONE to end IDLE", await c.ReadLineAsync());
        Assert.Equal(["c OK NOOP completed"], await c.CommandAsync("c", "NOOP"));
    }
}
