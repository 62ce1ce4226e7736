namespace Wren.Imap.Tests.Server;

/// <summary>CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE (RFC 9051 §6.3.4–6.3.8, CREATE-SPECIAL-USE RFC 6154).</summary>
public sealed class ImapMailboxTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Create_makes_a_mailbox_and_refuses_an_existing_name()
    {
        string name = Unique("c");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal(["a OK CREATE completed"], await c.CommandAsync("a", $"CREATE {name}"));
        Assert.Equal([$"* LIST (\\HasNoChildren) \"/\" \"{name}\"", "b OK LIST completed"], await c.CommandAsync("b", $"LIST \"\" {name}"));
        Assert.StartsWith("c NO [ALREADYEXISTS] ", Assert.Single(await c.CommandAsync("c", $"CREATE {name}")));
        // RFC 9051 §5.1: INBOX in any case is INBOX.
        Assert.StartsWith("d NO [ALREADYEXISTS] ", Assert.Single(await c.CommandAsync("d", "CREATE inBox")));
    }

    [Fact]
    public async Task Create_with_a_trailing_delimiter_and_superiors()
    {
        string name = Unique("t");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal(["a OK CREATE completed"], await c.CommandAsync("a", $"CREATE {name}/x/y/"));
        Assert.Equal([
            $"* LIST (\\HasChildren) \"/\" \"{name}\"",
            $"* LIST (\\HasChildren) \"/\" \"{name}/x\"",
            $"* LIST (\\HasNoChildren) \"/\" \"{name}/x/y\"",
            "b OK LIST completed"], await c.CommandAsync("b", $"LIST \"\" {name}*"));
    }

    [Fact]
    public async Task Create_special_use_shows_the_attribute_and_refuses_unknown_ones()
    {
        string name = Unique("Drafts");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal(["a OK CREATE completed"], await c.CommandAsync("a", $"CREATE {name} (USE (\\Drafts))"));
        Assert.Equal([$"* LIST (\\HasNoChildren \\Drafts) \"/\" \"{name}\"", "b OK LIST completed"],
            await c.CommandAsync("b", $"LIST \"\" {name}"));
        Assert.StartsWith("c NO [USEATTR] ", Assert.Single(await c.CommandAsync("c", $"CREATE {Unique("x")} (USE (\\Bogus))")));
        Assert.StartsWith("d NO [USEATTR] ", Assert.Single(await c.CommandAsync("d", $"CREATE {Unique("x")} (USE (\\Sent \\Junk))")));
        Assert.StartsWith("e BAD ", Assert.Single(await c.CommandAsync("e", $"CREATE {Unique("x")} (FOO (\\Sent))")));
    }

    [Fact]
    public async Task Delete_keeps_inferiors_and_refuses_inbox_and_missing_names()
    {
        string name = Unique("d");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"CREATE {name}/child");
        Assert.Equal(["b OK DELETE completed"], await c.CommandAsync("b", $"DELETE {name}"));
        // RFC 9051 §6.3.5: the inferior stays; the deleted name remains as a non-existent parent.
        Assert.Equal([
            $"* LIST (\\Noselect \\HasChildren) \"/\" \"{name}\"",
            $"* LIST (\\HasNoChildren) \"/\" \"{name}/child\"",
            "c OK LIST completed"], await c.CommandAsync("c", $"LIST \"\" {name}*"));
        Assert.StartsWith("d NO [NONEXISTENT] ", Assert.Single(await c.CommandAsync("d", $"DELETE {name}")));
        Assert.StartsWith("e NO [CANNOT] ", Assert.Single(await c.CommandAsync("e", "DELETE inbox")));
        Assert.StartsWith("f NO [NONEXISTENT] ", Assert.Single(await c.CommandAsync("f", $"DELETE {Unique("none")}")));
    }

    [Fact]
    public async Task Rename_moves_inferiors_and_refuses_missing_and_taken_names()
    {
        string from = Unique("r"), to = Unique("s"), taken = Unique("u");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"CREATE {from}/sub");
        await c.CommandAsync("a2", $"CREATE {taken}");
        Assert.Equal(["b OK RENAME completed"], await c.CommandAsync("b", $"RENAME {from} {to}"));
        Assert.Equal([
            $"* LIST (\\HasChildren) \"/\" \"{to}\"",
            $"* LIST (\\HasNoChildren) \"/\" \"{to}/sub\"",
            "c OK LIST completed"], await c.CommandAsync("c", $"LIST \"\" {to}*"));
        Assert.Equal(["d OK LIST completed"], await c.CommandAsync("d", $"LIST \"\" {from}*"));
        Assert.StartsWith("e NO [NONEXISTENT] ", Assert.Single(await c.CommandAsync("e", $"RENAME {from} {Unique("v")}")));
        Assert.StartsWith("f NO [ALREADYEXISTS] ", Assert.Single(await c.CommandAsync("f", $"RENAME {to} {taken}")));
    }

    [Fact]
    public async Task Rename_inbox_moves_its_messages_and_leaves_it_empty()
    {
        // A user of its own: INBOX's content is shared by the other tests of the class.
        string to = Unique("old-inbox");
        await ImapMailboxData.AppendAsync(fixture, "INBOX", ImapMailboxData.Message("for rename"));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal(["a OK RENAME completed"], await c.CommandAsync("a", $"RENAME INBOX {to}"));
        Assert.Contains("* STATUS \"INBOX\" (MESSAGES 0)", await c.CommandAsync("b", "STATUS INBOX (MESSAGES)"));
        var status = await c.CommandAsync("c", $"STATUS {to} (MESSAGES)");
        Assert.Matches(@"^\* STATUS "".*"" \(MESSAGES [1-9]\d*\)$", status[0]);
    }

    [Fact]
    public async Task Subscribe_and_unsubscribe()
    {
        string name = Unique("sub");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        // RFC 9051 §6.3.7: the name need not exist.
        Assert.Equal(["a OK SUBSCRIBE completed"], await c.CommandAsync("a", $"SUBSCRIBE {name}"));
        Assert.Equal(["b OK SUBSCRIBE completed"], await c.CommandAsync("b", $"SUBSCRIBE {name}"));
        Assert.Equal([$"* LSUB () \"/\" \"{name}\"", "c OK LSUB completed"], await c.CommandAsync("c", $"LSUB \"\" {name}"));
        Assert.Equal(["d OK UNSUBSCRIBE completed"], await c.CommandAsync("d", $"UNSUBSCRIBE {name}"));
        Assert.StartsWith("e NO [NONEXISTENT] ", Assert.Single(await c.CommandAsync("e", $"UNSUBSCRIBE {name}")));
        Assert.Equal(["f OK LSUB completed"], await c.CommandAsync("f", $"LSUB \"\" {name}"));
        // A name the store cannot hold is refused, not a server fault.
        Assert.StartsWith("g NO [CANNOT] ", Assert.Single(await c.CommandAsync("g", "SUBSCRIBE \"\"")));
        Assert.StartsWith("h NO ", Assert.Single(await c.CommandAsync("h", "UNSUBSCRIBE \"\"")));
    }

    [Fact]
    public async Task Names_are_modified_utf7_for_rev1_and_utf8_for_rev2()
    {
        string prefix = Unique("n");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        // "Entwürfe" in modified UTF-7 (RFC 3501 §5.1.3).
        Assert.Equal(["a OK CREATE completed"], await c.CommandAsync("a", $"CREATE \"{prefix}/Entw&APw-rfe\""));
        Assert.Equal([$"* LIST (\\HasNoChildren) \"/\" \"{prefix}/Entw&APw-rfe\"", "b OK LIST completed"],
            await c.CommandAsync("b", $"LIST \"\" {prefix}/%"));
        await c.CommandAsync("c", "ENABLE UTF8=ACCEPT");
        Assert.Equal([$"* LIST (\\HasNoChildren) \"/\" \"{prefix}/Entwürfe\"", "d OK LIST completed"],
            await c.CommandAsync("d", $"LIST \"\" {prefix}/%"));
        Assert.Equal([$"* STATUS \"{prefix}/Entwürfe\" (MESSAGES 0)", "e OK STATUS completed"],
            await c.CommandAsync("e", $"STATUS \"{prefix}/Entwürfe\" (MESSAGES)"));
    }

    [Fact]
    public async Task Bad_syntax_is_bad()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.StartsWith("a BAD ", Assert.Single(await c.CommandAsync("a", "CREATE")));
        Assert.StartsWith("b BAD ", Assert.Single(await c.CommandAsync("b", "RENAME onlyone")));
        Assert.StartsWith("c BAD ", Assert.Single(await c.CommandAsync("c", "DELETE a b")));
    }
}
