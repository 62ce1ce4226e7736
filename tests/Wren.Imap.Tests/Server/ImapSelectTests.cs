using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

/// <summary>SELECT/EXAMINE, CLOSE/UNSELECT, EXPUNGE, and what other sessions' changes look like (RFC 9051 §6.3.2, §7.5.1).</summary>
public sealed class ImapSelectTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    [Fact]
    public async Task Select_reports_the_mailbox_and_examine_is_read_only()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("one"), MessageFlags.Seen, ["$Work"]);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("two"));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();

        var select = await c.CommandAsync("a", $"SELECT {box.Name}");
        Assert.Contains("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)", select);
        Assert.Contains("* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work \\*)] Flags permitted", select);
        Assert.Contains("* 2 EXISTS", select);
        Assert.Contains("* 2 RECENT", select); // the first session to select the mailbox (RFC 3501 §2.3.2)
        Assert.Contains("* OK [UNSEEN 2] First unseen", select);
        Assert.Contains($"* OK [UIDVALIDITY {box.UidValidity}] UIDs valid", select);
        Assert.Contains("* OK [UIDNEXT 3] Predicted next UID", select);
        Assert.Contains(select, l => l.StartsWith("* OK [HIGHESTMODSEQ ", StringComparison.Ordinal));
        Assert.Contains($"* OK [MAILBOXID ({box.ObjectId})] Ok", select);
        Assert.Equal("a OK [READ-WRITE] SELECT completed", select[^1]);

        var examine = await c.CommandAsync("b", $"EXAMINE {box.Name}");
        Assert.Equal("* OK [CLOSED] Previous mailbox closed", examine[0]);
        Assert.Contains("* OK [PERMANENTFLAGS ()] Read-only mailbox", examine);
        Assert.Equal("b OK [READ-ONLY] EXAMINE completed", examine[^1]);
        Assert.Equal(["c NO [CANNOT] The mailbox is read-only"], await c.CommandAsync("c", "EXPUNGE"));
    }

    [Fact]
    public async Task A_missing_mailbox_is_nonexistent_and_leaves_nothing_selected()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal(["a NO [NONEXISTENT] No such mailbox"], await c.CommandAsync("a", "SELECT Nowhere"));
        Assert.Equal(["b BAD EXPUNGE needs a selected mailbox: use SELECT or EXAMINE first"], await c.CommandAsync("b", "EXPUNGE"));
    }

    [Fact]
    public async Task Rev2_sessions_get_no_recent_or_unseen()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("one"));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", "ENABLE IMAP4rev2");
        var select = await c.CommandAsync("b", $"SELECT {box.Name}");
        Assert.DoesNotContain(select, l => l.Contains("RECENT") || l.Contains("UNSEEN"));
        Assert.Contains("* 1 EXISTS", select);
    }

    [Fact]
    public async Task Changes_by_others_are_announced_at_noop_and_expunges_wait_for_an_allowed_command()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        var user = await ImapMailboxData.UserAsync(fixture);
        var first = await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("one"));
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("two"));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"SELECT {box.Name}");

        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("three"));
        await fixture.Store.Mailboxes.StoreFlagsAsync(user.Id, box.MailboxId, UidSet.Of([2]),
            new FlagChange(FlagOperation.Add, MessageFlags.Flagged, ["$Important"]));
        Assert.Equal([
            "* 3 EXISTS",
            "* 3 RECENT",
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Important)",
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Important \\*)] Flags permitted",
            "* 2 FETCH (FLAGS (\\Flagged \\Recent $Important))",
            "b OK NOOP completed"], await c.CommandAsync("b", "NOOP"));

        await fixture.Store.Mailboxes.StoreFlagsAsync(user.Id, box.MailboxId, UidSet.Of([first.Uid]), new FlagChange(FlagOperation.Add, MessageFlags.Deleted));
        await fixture.Store.Mailboxes.ExpungeAsync(user.Id, box.MailboxId);
        // FETCH uses sequence numbers: the expunge is held back (RFC 9051 §7.5.1) …
        var fetch = await c.CommandAsync("c", "FETCH 1 UID");
        Assert.DoesNotContain(fetch, l => l.Contains("EXPUNGE"));
        // … and told at the next command that allows it.
        Assert.Equal(["* 1 EXPUNGE", "d OK CHECK completed"], await c.CommandAsync("d", "CHECK"));
        Assert.Equal(["e OK NOOP completed"], await c.CommandAsync("e", "NOOP"));
    }

    [Fact]
    public async Task Expunge_and_uid_expunge_remove_only_deleted_messages()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        for (int i = 1; i <= 4; i++)
            await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message($"m{i}"), i == 3 ? MessageFlags.Seen : MessageFlags.Deleted);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"SELECT {box.Name}");
        Assert.Equal(["* 2 EXPUNGE", "b OK UID EXPUNGE completed"], await c.CommandAsync("b", "UID EXPUNGE 2:3"));
        Assert.Equal(["* 1 EXPUNGE", "* 2 EXPUNGE", "c OK EXPUNGE completed"], await c.CommandAsync("c", "EXPUNGE"));
        // RFC 5182 §2.1: "$" before any SEARCH RETURN (SAVE) is the empty set.
        Assert.Equal(["d OK UID EXPUNGE completed"], await c.CommandAsync("d", "UID EXPUNGE $"));
    }

    [Fact]
    public async Task Under_qresync_expunges_are_vanished_and_select_resynchronises()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        var user = await ImapMailboxData.UserAsync(fixture);
        for (int i = 1; i <= 3; i++)
            await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message($"m{i}"));
        long modSeq = (await fixture.Store.Mailboxes.GetStatusAsync(user.Id, box.MailboxId))!.HighestModSeq;
        await fixture.Store.Mailboxes.StoreFlagsAsync(user.Id, box.MailboxId, UidSet.Of([1]), new FlagChange(FlagOperation.Add, MessageFlags.Seen));
        await fixture.Store.Mailboxes.StoreFlagsAsync(user.Id, box.MailboxId, UidSet.Of([2]), new FlagChange(FlagOperation.Add, MessageFlags.Deleted));
        await fixture.Store.Mailboxes.ExpungeAsync(user.Id, box.MailboxId);

        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal(["a BAD QRESYNC is not enabled"], await c.CommandAsync("a", $"SELECT {box.Name} (QRESYNC ({box.UidValidity} {modSeq}))"));
        await c.CommandAsync("b", "ENABLE QRESYNC");
        var select = await c.CommandAsync("c", $"SELECT {box.Name} (QRESYNC ({box.UidValidity} {modSeq} 1:3))");
        Assert.Contains("* VANISHED (EARLIER) 2", select);
        Assert.Contains(select, l => l.StartsWith("* 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (", StringComparison.Ordinal));
        Assert.DoesNotContain(select, l => l.StartsWith("* 2 FETCH", StringComparison.Ordinal));

        await fixture.Store.Mailboxes.StoreFlagsAsync(user.Id, box.MailboxId, UidSet.Of([3]), new FlagChange(FlagOperation.Add, MessageFlags.Deleted));
        var noop = await c.CommandAsync("d", "NOOP");
        Assert.StartsWith("* 2 FETCH (UID 3 FLAGS (\\Deleted \\Recent) MODSEQ (", noop[0]);
        await fixture.Store.Mailboxes.ExpungeAsync(user.Id, box.MailboxId);
        Assert.Equal(["* VANISHED 3", "e OK NOOP completed"], await c.CommandAsync("e", "NOOP"));
    }

    [Fact]
    public async Task Close_expunges_silently_and_unselect_does_not()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        var user = await ImapMailboxData.UserAsync(fixture);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("gone"), MessageFlags.Deleted);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"EXAMINE {box.Name}");
        Assert.Equal(["b OK CLOSE completed"], await c.CommandAsync("b", "CLOSE"));
        Assert.Equal(1, (await fixture.Store.Mailboxes.GetStatusAsync(user.Id, box.MailboxId))!.Messages);
        await c.CommandAsync("c", $"SELECT {box.Name}");
        Assert.Equal(["d OK UNSELECT completed"], await c.CommandAsync("d", "UNSELECT"));
        Assert.Equal(1, (await fixture.Store.Mailboxes.GetStatusAsync(user.Id, box.MailboxId))!.Messages);
        await c.CommandAsync("e", $"SELECT {box.Name}");
        Assert.Equal(["f OK CLOSE completed"], await c.CommandAsync("f", "CLOSE"));
        Assert.Equal(0, (await fixture.Store.Mailboxes.GetStatusAsync(user.Id, box.MailboxId))!.Messages);
        Assert.Equal(["g BAD CLOSE needs a selected mailbox: use SELECT or EXAMINE first"], await c.CommandAsync("g", "CLOSE"));
    }

    [Fact]
    public async Task A_message_is_recent_in_one_session_only_and_examine_does_not_claim_it()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("one"));
        await using var server = new ImapTestServer(fixture);
        await using var examiner = await server.LoginAsync();
        await using var first = await server.LoginAsync();
        await using var second = await server.LoginAsync();
        Assert.Contains("* 1 RECENT", await examiner.CommandAsync("a", $"EXAMINE {box.Name}"));
        Assert.Contains("* 1 RECENT", await first.CommandAsync("a", $"SELECT {box.Name}"));
        Assert.Contains("* 0 RECENT", await second.CommandAsync("a", $"SELECT {box.Name}"));

        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("two"));
        Assert.Equal(["* 2 EXISTS", "* 1 RECENT", "b OK NOOP completed"], await second.CommandAsync("b", "NOOP"));
        Assert.Equal(["* 2 EXISTS", "* 1 RECENT", "b OK NOOP completed"], await first.CommandAsync("b", "NOOP"));
    }

    [Fact]
    public async Task A_mailbox_deleted_by_another_session_is_emptied_and_refuses_commands()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        var user = await ImapMailboxData.UserAsync(fixture);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("one"));
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("two"));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"SELECT {box.Name}");
        await fixture.Store.Mailboxes.DeleteMailboxAsync(user.Id, box.Name);
        // Recreated at once: it may get the same id, and must not be mistaken for the selected one.
        await fixture.Store.Mailboxes.CreateMailboxAsync(user.Id, box.Name);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("new"));
        Assert.Equal(["b NO [NONEXISTENT] The selected mailbox was deleted"], await c.CommandAsync("b", "EXPUNGE"));
        Assert.Equal(["* 1 EXPUNGE", "* 1 EXPUNGE", "c OK NOOP completed"], await c.CommandAsync("c", "NOOP"));
        Assert.Equal(["d OK UNSELECT completed"], await c.CommandAsync("d", "UNSELECT"));
    }
}
