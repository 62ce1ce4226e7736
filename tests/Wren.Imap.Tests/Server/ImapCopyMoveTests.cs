using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

/// <summary>COPY and MOVE with their UID forms (RFC 9051 §6.4.7–8, RFC 6851), COPYUID (RFC 4315).</summary>
public sealed class ImapCopyMoveTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    private async Task<MailboxStatus> BoxAsync(int messages, MessageFlags flags = MessageFlags.None)
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        for (int i = 0; i < messages; i++)
            await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("m" + i), flags);
        return box;
    }

    [Fact]
    public async Task Copy_answers_copyuid_and_keeps_the_source()
    {
        var source = await BoxAsync(3, MessageFlags.Flagged);
        var target = await BoxAsync(1);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {source.Name}");

        Assert.Equal([$"a OK [COPYUID {target.UidValidity} 1,3 2:3] COPY completed"], await c.CommandAsync("a", $"COPY 1,3 {target.Name}"));
        Assert.Equal([$"b OK [COPYUID {target.UidValidity} 2:3 4:5] UID COPY completed"], await c.CommandAsync("b", $"UID COPY 2:10 {target.Name}"));
        // UIDs that do not exist: nothing to copy, no COPYUID.
        Assert.Equal(["c OK UID COPY completed"], await c.CommandAsync("c", $"UID COPY 7:9 {target.Name}"));

        await c.CommandAsync("t", $"EXAMINE {target.Name}");
        var fetched = await c.CommandAsync("d", "FETCH 2:4 (FLAGS BODY.PEEK[HEADER.FIELDS (Subject)])");
        Assert.Equal("* 2 FETCH (FLAGS (\\Flagged \\Recent) BODY[HEADER.FIELDS (Subject)] {15}", fetched[0]);
        Assert.Equal("Subject: m0", fetched[1]);
        Assert.Equal("Subject: m2", fetched[5]);
        Assert.Equal("Subject: m1", fetched[9]);
    }

    [Fact]
    public async Task Copy_to_the_selected_mailbox_announces_the_new_messages()
    {
        var box = await BoxAsync(1);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name}");
        var lines = await c.CommandAsync("a", $"COPY 1 {box.Name}");
        Assert.Equal("* 2 EXISTS", lines[0]);
        Assert.Equal($"a OK [COPYUID {box.UidValidity} 1 2] COPY completed", lines[^1]);
    }

    [Fact]
    public async Task Move_answers_copyuid_then_the_expunges()
    {
        var source = await BoxAsync(4);
        var target = await BoxAsync(0);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {source.Name}");

        Assert.Equal([
            $"* OK [COPYUID {target.UidValidity} 2:3 1:2] Moved",
            "* 2 EXPUNGE",
            "* 2 EXPUNGE",
            "a OK MOVE completed"], await c.CommandAsync("a", $"MOVE 2:3 {target.Name}"));
        Assert.Equal([
            $"* OK [COPYUID {target.UidValidity} 4 3] Moved",
            "* 2 EXPUNGE",
            "b OK UID MOVE completed"], await c.CommandAsync("b", $"UID MOVE 4 {target.Name}"));
        Assert.Equal(["* 1 FETCH (UID 1)", "c OK FETCH completed"], await c.CommandAsync("c", "FETCH 1:* UID"));
        var user = await ImapMailboxData.UserAsync(fixture);
        Assert.Equal(3, (await fixture.Store.Mailboxes.GetStatusAsync(user.Id, target.MailboxId))!.Messages);
    }

    [Fact]
    public async Task Move_to_the_selected_mailbox_gives_the_message_a_new_uid()
    {
        var box = await BoxAsync(2);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name}");
        var lines = await c.CommandAsync("a", $"MOVE 1 {box.Name}");
        Assert.Equal($"* OK [COPYUID {box.UidValidity} 1 3] Moved", lines[0]);
        Assert.Contains("* 1 EXPUNGE", lines);
        Assert.Contains("* 2 EXISTS", lines);
        Assert.Equal("a OK MOVE completed", lines[^1]);
        Assert.Equal(["* 1 FETCH (UID 2)", "* 2 FETCH (UID 3)", "b OK FETCH completed"], await c.CommandAsync("b", "FETCH 1:* UID"));
    }

    [Fact]
    public async Task Move_under_qresync_reports_vanished()
    {
        var source = await BoxAsync(3);
        var target = await BoxAsync(0);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("e", "ENABLE QRESYNC");
        await c.CommandAsync("s", $"SELECT {source.Name}");
        Assert.Equal([$"* OK [COPYUID {target.UidValidity} 1,3 1:2] Moved", "* VANISHED 1,3", "a OK MOVE completed"],
            await c.CommandAsync("a", $"MOVE 1,3 {target.Name}"));
    }

    [Fact]
    public async Task Refusals_trycreate_read_only_bad_set_and_over_quota()
    {
        var source = await BoxAsync(2);
        var target = await BoxAsync(0);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {source.Name}");
        Assert.Equal(["a NO [TRYCREATE] No such mailbox"], await c.CommandAsync("a", "COPY 1 Nowhere"));
        Assert.Equal(["b NO [TRYCREATE] No such mailbox"], await c.CommandAsync("b", "UID MOVE 1 Nowhere"));
        Assert.StartsWith("c BAD ", Assert.Single(await c.CommandAsync("c", $"COPY 3 {target.Name}")));

        var user = await ImapMailboxData.UserAsync(fixture);
        long count = (await fixture.Store.Mailboxes.GetQuotaAsync(user.Id))!.Messages;
        await fixture.Store.Mailboxes.SetQuotaAsync(user.Id, new QuotaLimits(null, count + 1));
        try
        {
            Assert.Equal(["d NO [OVERQUOTA] Over quota: nothing was copied"], await c.CommandAsync("d", $"COPY 1:2 {target.Name}"));
            // MOVE does not change the usage: no quota check.
            Assert.StartsWith("* OK [COPYUID ", (await c.CommandAsync("e", $"MOVE 1:2 {target.Name}"))[0]);
        }
        finally
        {
            await fixture.Store.Mailboxes.SetQuotaAsync(user.Id, null);
        }

        await c.CommandAsync("x", $"EXAMINE {target.Name}");
        Assert.Equal(["f NO [CANNOT] The mailbox is read-only"], await c.CommandAsync("f", $"MOVE 1 {source.Name}"));
        Assert.StartsWith("g OK [COPYUID ", Assert.Single(await c.CommandAsync("g", $"COPY 1 {source.Name}")));
    }
}
