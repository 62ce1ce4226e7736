using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

/// <summary>STORE and UID STORE (RFC 9051 §6.4.6), with CONDSTORE's UNCHANGEDSINCE (RFC 7162 §3.1.3).</summary>
public sealed class ImapStoreCommandTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    private async Task<MailboxStatus> BoxAsync(int messages)
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        for (int i = 0; i < messages; i++)
            await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("m" + i));
        return box;
    }

    [Fact]
    public async Task Flags_are_replaced_added_and_removed_and_reported()
    {
        var box = await BoxAsync(3);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name}");

        Assert.Equal(["* 1 FETCH (FLAGS (\\Seen \\Recent))", "* 2 FETCH (FLAGS (\\Seen \\Recent))", "a OK STORE completed"],
            await c.CommandAsync("a", "STORE 1:2 +FLAGS (\\Seen)"));
        // Unchanged messages are reported too (their flags as they are).
        Assert.Equal(["* 1 FETCH (FLAGS (\\Flagged \\Seen \\Recent))", "* 2 FETCH (FLAGS (\\Flagged \\Seen \\Recent))", "b OK STORE completed"],
            await c.CommandAsync("b", "STORE 1:2 +FLAGS (\\Flagged \\seen)"));
        Assert.Equal(["* 2 FETCH (FLAGS (\\Seen \\Recent))", "c OK STORE completed"], await c.CommandAsync("c", "STORE 2 -FLAGS (\\Flagged)"));
        Assert.Equal(["* 3 FETCH (UID 3 FLAGS (\\Answered \\Draft \\Recent))", "d OK UID STORE completed"],
            await c.CommandAsync("d", "UID STORE 3 FLAGS (\\Draft \\Answered)"));
        Assert.Equal(["e OK STORE completed"], await c.CommandAsync("e", "STORE 1:3 FLAGS.SILENT ()"));
        Assert.Equal(["* 1 FETCH (FLAGS (\\Recent))", "* 2 FETCH (FLAGS (\\Recent))", "* 3 FETCH (FLAGS (\\Recent))", "f OK FETCH completed"],
            await c.CommandAsync("f", "FETCH 1:* FLAGS"));
        // UIDs that are not there are no error.
        Assert.Equal(["g OK UID STORE completed"], await c.CommandAsync("g", "UID STORE 50:60 +FLAGS (\\Seen)"));
    }

    [Fact]
    public async Task New_keywords_are_announced_in_flags_first()
    {
        var box = await BoxAsync(1);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name}");
        Assert.Equal([
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)",
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work \\*)] Flags permitted",
            "* 1 FETCH (FLAGS (\\Recent $Work))",
            "a OK STORE completed"], await c.CommandAsync("a", "STORE 1 +FLAGS ($Work)"));
        Assert.Equal(["* 1 FETCH (FLAGS (\\Recent $Work))", "b OK STORE completed"], await c.CommandAsync("b", "STORE 1 +FLAGS ($work)"));
    }

    [Fact]
    public async Task Another_session_sees_the_change_at_noop_and_the_storing_session_not_twice()
    {
        var box = await BoxAsync(2);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await using var other = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name}");
        await other.CommandAsync("s", $"SELECT {box.Name}");

        Assert.Equal(["* 2 FETCH (FLAGS (\\Flagged \\Recent))", "a OK STORE completed"], await c.CommandAsync("a", "STORE 2 +FLAGS (\\Flagged)"));
        Assert.Equal(["b OK NOOP completed"], await c.CommandAsync("b", "NOOP"));
        Assert.Equal(["* 2 FETCH (FLAGS (\\Flagged))", "n OK NOOP completed"], await other.CommandAsync("n", "NOOP"));
    }

    [Fact]
    public async Task Unchangedsince_stores_only_unmodified_messages_and_reports_the_others()
    {
        var box = await BoxAsync(3);
        var user = await ImapMailboxData.UserAsync(fixture);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name} (CONDSTORE)");
        var messages = (await fixture.Store.Mailboxes.GetMessagesAsync(user.Id, box.MailboxId))!.Messages;
        long known = messages.Max(m => m.ModSeq);

        // Another client changes message 2 after the client read its MODSEQ.
        StoreFlagsResult theirs = await fixture.Store.Mailboxes.StoreFlagsAsync(user.Id, box.MailboxId, UidSet.Of([messages[1].Uid]),
            new FlagChange(FlagOperation.Add, MessageFlags.Flagged));
        long theirModSeq = theirs.Changed[0].ModSeq;

        var lines = await c.CommandAsync("a", $"STORE 1:3 (UNCHANGEDSINCE {known}) +FLAGS (\\Deleted)");
        long mine = theirModSeq + 1;
        Assert.Equal([
            $"* 1 FETCH (FLAGS (\\Deleted \\Recent) MODSEQ ({mine}))",
            $"* 3 FETCH (FLAGS (\\Deleted \\Recent) MODSEQ ({mine}))",
            $"* 2 FETCH (FLAGS (\\Flagged \\Recent) MODSEQ ({theirModSeq}))",
            "a OK [MODIFIED 2] Conditional STORE failed"], lines);

        // (message 2's change by the other client was announced at the end, as any other session's.)
        // UID STORE reports UIDs; with .SILENT, CONDSTORE still sends the new MODSEQ of changed messages.
        lines = await c.CommandAsync("b", $"UID STORE {messages[0].Uid}:{messages[1].Uid} (UNCHANGEDSINCE {theirModSeq}) +FLAGS.SILENT (\\Seen)");
        Assert.Equal([$"* 2 FETCH (UID {messages[1].Uid} MODSEQ ({mine + 1}))", $"b OK [MODIFIED {messages[0].Uid}] Conditional STORE failed"], lines);

        // UNCHANGEDSINCE 0 fails for every message (RFC 7162 §3.1.3).
        Assert.Equal(["c OK [MODIFIED 1:3] Conditional STORE failed"], await c.CommandAsync("c", "STORE 1:3 (UNCHANGEDSINCE 0) +FLAGS.SILENT (\\Answered)"));
    }

    [Fact]
    public async Task Refusals()
    {
        var box = await BoxAsync(1);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name}");
        Assert.StartsWith("a BAD ", Assert.Single(await c.CommandAsync("a", "STORE 2 +FLAGS (\\Seen)")));
        Assert.StartsWith("b BAD ", Assert.Single(await c.CommandAsync("b", "STORE 1 +FLAGS (\\Bogus)")));
        await c.CommandAsync("e", $"EXAMINE {box.Name}");
        Assert.Equal(["c NO [CANNOT] The mailbox is read-only"], await c.CommandAsync("c", "STORE 1 +FLAGS (\\Seen)"));
    }
}
