using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

/// <summary>LIST (RFC 9051 §6.3.9, LIST-EXTENDED RFC 5258, LIST-STATUS RFC 5819, SPECIAL-USE RFC 6154), LSUB (RFC 3501 §6.3.9).</summary>
public sealed class ImapMailboxListTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Empty_pattern_gives_the_delimiter()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal(["* LIST (\\Noselect) \"/\" \"\"", "a OK LIST completed"], await c.CommandAsync("a", "LIST \"\" \"\""));
    }

    [Fact]
    public async Task Percent_stops_at_the_delimiter_star_does_not_and_the_reference_is_a_prefix()
    {
        string p = Unique("w");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"CREATE {p}/a/b");
        await c.CommandAsync("a", $"CREATE {p}/c");
        Assert.Equal([
            $"* LIST (\\HasChildren) \"/\" \"{p}/a\"",
            $"* LIST (\\HasNoChildren) \"/\" \"{p}/c\"",
            "b OK LIST completed"], await c.CommandAsync("b", $"LIST \"\" {p}/%"));
        Assert.Equal([
            $"* LIST (\\HasChildren) \"/\" \"{p}/a\"",
            $"* LIST (\\HasNoChildren) \"/\" \"{p}/a/b\"",
            $"* LIST (\\HasNoChildren) \"/\" \"{p}/c\"",
            "c OK LIST completed"], await c.CommandAsync("c", $"LIST \"\" {p}/*"));
        Assert.Equal([$"* LIST (\\HasNoChildren) \"/\" \"{p}/a/b\"", "d OK LIST completed"],
            await c.CommandAsync("d", $"LIST {p}/a/ %"));
        Assert.Equal([$"* LIST (\\HasNoChildren) \"/\" \"{p}/a/b\"", "e OK LIST completed"],
            await c.CommandAsync("e", $"LIST {p}/ %/%"));
        Assert.Equal(["f OK LIST completed"], await c.CommandAsync("f", $"LIST \"\" {p.ToUpperInvariant()}/%"));
    }

    [Fact]
    public async Task Inbox_matches_in_any_case()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        var lines = await c.CommandAsync("a", "LIST \"\" inBOX");
        Assert.Matches(@"^\* LIST \(\\Has(No)?Children\) ""/"" ""INBOX""$", lines[0]);
        Assert.Equal("a OK LIST completed", lines[^1]);
        Assert.Contains(await c.CommandAsync("b", "LIST \"\" Inb%"), l => l.EndsWith(" \"/\" \"INBOX\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deleted_parent_is_noselect_for_rev1_and_nonexistent_for_rev2()
    {
        string p = Unique("x");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"CREATE {p}/child");
        await c.CommandAsync("a", $"DELETE {p}");
        Assert.Equal([$"* LIST (\\Noselect \\HasChildren) \"/\" \"{p}\"", "b OK LIST completed"], await c.CommandAsync("b", $"LIST \"\" {p}"));
        await c.CommandAsync("c", "ENABLE IMAP4rev2");
        Assert.Equal([$"* LIST (\\NonExistent \\HasChildren) \"/\" \"{p}\"", "d OK LIST completed"], await c.CommandAsync("d", $"LIST \"\" {p}"));
    }

    [Fact]
    public async Task Subscribed_selection_lists_subscriptions_even_without_a_mailbox()
    {
        string p = Unique("s");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"CREATE {p}/real");
        await c.CommandAsync("a", $"CREATE {p}/unsubscribed");
        await c.CommandAsync("a", $"SUBSCRIBE {p}/real");
        await c.CommandAsync("a", $"SUBSCRIBE {p}/ghost");
        Assert.Equal([
            $"* LIST (\\NonExistent \\Subscribed) \"/\" \"{p}/ghost\"",
            $"* LIST (\\Subscribed \\HasNoChildren) \"/\" \"{p}/real\"",
            "b OK LIST completed"], await c.CommandAsync("b", $"LIST (SUBSCRIBED) \"\" {p}/*"));
        // RETURN (SUBSCRIBED) marks, without selecting.
        Assert.Equal([
            $"* LIST (\\Subscribed \\HasNoChildren) \"/\" \"{p}/real\"",
            $"* LIST (\\HasNoChildren) \"/\" \"{p}/unsubscribed\"",
            "c OK LIST completed"], await c.CommandAsync("c", $"LIST \"\" {p}/* RETURN (SUBSCRIBED)"));
    }

    [Fact]
    public async Task Recursivematch_gives_childinfo_for_parents_of_subscribed_names()
    {
        string p = Unique("r");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"CREATE {p}/a/b");
        await c.CommandAsync("a", $"CREATE {p}/c");
        await c.CommandAsync("a", $"SUBSCRIBE {p}/a/b");
        await c.CommandAsync("a", $"SUBSCRIBE {p}/c");
        await c.CommandAsync("a", $"SUBSCRIBE {p}/gone/away");
        // RFC 5258 §3.5 / RFC 9051 §6.3.9 table: a parent that is no subscription is listed with CHILDINFO,
        // also when no mailbox has its name.
        Assert.Equal([
            $"* LIST (\\HasChildren) \"/\" \"{p}/a\" (\"CHILDINFO\" (\"SUBSCRIBED\"))",
            $"* LIST (\\Subscribed \\HasNoChildren) \"/\" \"{p}/c\"",
            $"* LIST (\\NonExistent \\HasChildren) \"/\" \"{p}/gone\" (\"CHILDINFO\" (\"SUBSCRIBED\"))",
            "b OK LIST completed"], await c.CommandAsync("b", $"LIST (SUBSCRIBED RECURSIVEMATCH) \"\" {p}/%"));
        Assert.StartsWith("c BAD ", Assert.Single(await c.CommandAsync("c", $"LIST (RECURSIVEMATCH) \"\" {p}/%")));
        // A subscribed inferior that is listed itself gives its parent no CHILDINFO (imaptest listext).
        Assert.Equal([
            $"* LIST (\\Subscribed \\HasNoChildren) \"/\" \"{p}/a/b\"",
            "d OK LIST completed"], await c.CommandAsync("d", $"LIST (SUBSCRIBED RECURSIVEMATCH) \"\" ({p}/a {p}/a/b)"));
    }

    [Fact]
    public async Task Special_use_selection_and_several_patterns()
    {
        string p = Unique("u");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"CREATE {p}/Sent (USE (\\Sent))");
        await c.CommandAsync("a", $"CREATE {p}/Plain");
        await c.CommandAsync("a", $"CREATE {p}/Trash (USE (\\Trash))");
        Assert.Equal([
            $"* LIST (\\HasNoChildren \\Sent) \"/\" \"{p}/Sent\"",
            $"* LIST (\\HasNoChildren \\Trash) \"/\" \"{p}/Trash\"",
            "b OK LIST completed"], await c.CommandAsync("b", $"LIST (SPECIAL-USE) \"\" {p}/* RETURN (SPECIAL-USE)"));
        Assert.Equal([
            $"* LIST (\\HasNoChildren) \"/\" \"{p}/Plain\"",
            $"* LIST (\\HasNoChildren \\Trash) \"/\" \"{p}/Trash\"",
            "c OK LIST completed"], await c.CommandAsync("c", $"LIST \"\" ({p}/T* {p}/P% {p}/Trash)"));
    }

    [Fact]
    public async Task Return_status_follows_each_mailbox()
    {
        string p = Unique("st");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"CREATE {p}/x/y");
        await c.CommandAsync("a", $"DELETE {p}/x");
        await ImapMailboxData.AppendAsync(fixture, $"{p}/x/y", ImapMailboxData.Message("one"));
        Assert.Equal([
            $"* LIST (\\HasChildren) \"/\" \"{p}\"",
            $"* STATUS \"{p}\" (MESSAGES 0 UIDNEXT 1)",
            $"* LIST (\\NonExistent \\HasChildren) \"/\" \"{p}/x\"",
            $"* LIST (\\HasNoChildren) \"/\" \"{p}/x/y\"",
            $"* STATUS \"{p}/x/y\" (MESSAGES 1 UIDNEXT 2)",
            "b OK LIST completed"], await c.CommandAsync("b", $"LIST \"\" {p}* RETURN (CHILDREN STATUS (MESSAGES UIDNEXT))"));
    }

    [Fact]
    public async Task Lsub_gives_noselect_parents_where_percent_stops()
    {
        string p = Unique("l");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"CREATE {p}/a/b");
        await c.CommandAsync("a", $"SUBSCRIBE {p}/a/b");
        Assert.Equal([$"* LSUB (\\Noselect) \"/\" \"{p}/a\"", "b OK LSUB completed"], await c.CommandAsync("b", $"LSUB \"\" {p}/%"));
        Assert.Equal([$"* LSUB () \"/\" \"{p}/a/b\"", "c OK LSUB completed"], await c.CommandAsync("c", $"LSUB \"\" {p}/*"));
    }

    [Fact]
    public async Task Status_gives_the_items_asked_for()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("one"), MessageFlags.Seen);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("two"), MessageFlags.Deleted);
        var user = await ImapMailboxData.UserAsync(fixture);
        MailboxStatus status = (await fixture.Store.Mailboxes.GetStatusAsync(user.Id, box.Name))!;
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal([
            $"* STATUS \"{box.Name}\" (MESSAGES 2 UIDNEXT 3 UIDVALIDITY {status.UidValidity} UNSEEN 1 DELETED 1 SIZE {status.Size} " +
            $"HIGHESTMODSEQ {status.HighestModSeq} MAILBOXID ({status.ObjectId}) RECENT 2 DELETED-STORAGE 1)",
            "a OK STATUS completed"],
            await c.CommandAsync("a", $"STATUS {box.Name} (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE HIGHESTMODSEQ MAILBOXID RECENT DELETED-STORAGE)"));
        Assert.Equal([$"* STATUS \"{box.Name}\" (APPENDLIMIT {new Wren.Imap.Server.ImapServerOptions().MaxMessageSize})", "b OK STATUS completed"],
            await c.CommandAsync("b", $"STATUS {box.Name} (APPENDLIMIT)"));
        Assert.StartsWith("c NO [NONEXISTENT] ", Assert.Single(await c.CommandAsync("c", $"STATUS {Unique("none")} (MESSAGES)")));
        Assert.StartsWith("d BAD ", Assert.Single(await c.CommandAsync("d", $"STATUS {box.Name} (BOGUS)")));
        Assert.StartsWith("e BAD ", Assert.Single(await c.CommandAsync("e", $"STATUS {box.Name}")));
    }

    [Fact]
    public async Task Status_of_the_selected_mailbox_is_allowed_and_announces_changes()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"SELECT {box.Name}");
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("new"));
        Assert.Equal([$"* STATUS \"{box.Name}\" (MESSAGES 1)", "* 1 EXISTS", "* 1 RECENT", "b OK STATUS completed"],
            await c.CommandAsync("b", $"STATUS {box.Name} (MESSAGES)"));
    }
}
