namespace Wren.Imap.Tests.Server;

/// <summary>The connection-level commands, state checks, refused input and pipelining.</summary>
public sealed class ImapCommandTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    [Fact]
    public async Task Noop_and_logout_work_in_every_state()
    {
        await using var server = new ImapTestServer(fixture);
        await using (var c = await server.ConnectAsync())
        {
            Assert.Equal(["a OK NOOP completed"], await c.CommandAsync("a", "NOOP"));
            // RFC 9051 §6.1.3: BYE, the tagged OK, then the close.
            Assert.Equal(["* BYE Logging out", "b OK LOGOUT completed"], await c.CommandAsync("b", "LOGOUT"));
            Assert.True(await c.IsClosedAsync());
        }
        await using (var c = await server.LoginAsync())
        {
            Assert.Equal(["a OK NOOP completed"], await c.CommandAsync("a", "NOOP"));
            Assert.Equal(["* BYE Logging out", "b OK LOGOUT completed"], await c.CommandAsync("b", "LOGOUT"));
            Assert.True(await c.IsClosedAsync());
        }
    }

    [Fact]
    public async Task Id_names_the_server_in_any_state()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync();
        List<string> lines = await c.CommandAsync("a", "ID (\"name\" \"test client\" \"version\" \"1.0\")");
        Assert.Matches("""^\* ID \("name" "Wren" "version" "[^"]+"\)$""", lines[0]);
        Assert.Equal("a OK ID completed", lines[1]);
        Assert.Equal(lines[0], (await c.CommandAsync("b", "ID NIL"))[0]);
    }

    [Fact]
    public async Task Enable_turns_on_imap4rev2_and_utf8_accept_once()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        // RFC 5161 §3.1: unknown names are ignored; ENABLED lists what this command enabled.
        Assert.Equal(["* ENABLED IMAP4rev2 UTF8=ACCEPT", "a OK ENABLE completed"], await c.CommandAsync("a", "ENABLE imap4rev2 UTF8=ACCEPT X-UNKNOWN"));
        Assert.Equal(["* ENABLED", "b OK ENABLE completed"], await c.CommandAsync("b", "ENABLE IMAP4rev2"));
    }

    [Fact]
    public async Task Enable_needs_authentication()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        Assert.Equal(["a BAD ENABLE needs authentication first: use LOGIN or AUTHENTICATE"], await c.CommandAsync("a", "ENABLE IMAP4rev2"));
    }

    [Fact]
    public async Task Namespace_is_personal_with_a_slash()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal(["* NAMESPACE ((\"\" \"/\")) NIL NIL", "a OK NAMESPACE completed"], await c.CommandAsync("a", "NAMESPACE"));
    }

    [Fact]
    public async Task Unknown_commands_and_commands_in_the_wrong_state_are_bad()
    {
        await using var server = new ImapTestServer(fixture);
        await using (var c = await server.ConnectAsync(implicitTls: true))
        {
            Assert.Equal(["a BAD Unknown command XYZZY"], await c.CommandAsync("a", "XYZZY"));
            Assert.Equal(["b BAD SELECT needs authentication first: use LOGIN or AUTHENTICATE"], await c.CommandAsync("b", "SELECT INBOX"));
            Assert.Equal(["c BAD FETCH needs authentication first: use LOGIN or AUTHENTICATE"], await c.CommandAsync("c", "FETCH 1 FLAGS"));
        }
        await using (var c = await server.LoginAsync())
        {
            // Nothing can be selected yet: the selected state's commands are refused as RFC 9051 §6.4 says.
            Assert.Equal(["a BAD FETCH needs a selected mailbox: use SELECT or EXAMINE first"], await c.CommandAsync("a", "FETCH 1 FLAGS"));
            Assert.Equal(["b BAD UID STORE needs a selected mailbox: use SELECT or EXAMINE first"], await c.CommandAsync("b", "UID STORE 1 +FLAGS (\\Seen)"));
            Assert.Equal(["c BAD CLOSE needs a selected mailbox: use SELECT or EXAMINE first"], await c.CommandAsync("c", "CLOSE"));
        }
    }

    [Fact]
    public async Task An_append_that_cannot_run_takes_no_literal_and_stays_in_step()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        // Synchronizing: no continuation, so the client never sends the message.
        Assert.Equal(["a NO [TRYCREATE] No such mailbox; CREATE it first"], await c.CommandAsync("a", "APPEND Nowhere {10}"));
        // Non-synchronizing: the octets come anyway and are skipped.
        await c.WriteAsync("b APPEND Nowhere (\\Seen) {12+}\r\nSubject: x\r\n\r\nc NOOP\r\n");
        Assert.Equal("b NO [TRYCREATE] No such mailbox; CREATE it first", await c.ReadLineAsync());
        Assert.Equal("c OK NOOP completed", await c.ReadLineAsync());
    }

    [Fact]
    public async Task An_append_before_login_is_bad_and_its_literal_skipped()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        await c.WriteAsync("a APPEND INBOX {5+}\r\nhello\r\nb NOOP\r\n");
        Assert.Equal("a BAD APPEND needs authentication first: use LOGIN or AUTHENTICATE", await c.ReadLineAsync());
        Assert.Equal("b OK NOOP completed", await c.ReadLineAsync());
    }

    [Fact]
    public async Task Pipelined_commands_are_answered_in_order()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.ConnectAsync(implicitTls: true);
        await c.WriteAsync($"a NOOP\r\nb LOGIN {ImapStoreFixture.User} \"{ImapStoreFixture.Password}\"\r\nc NAMESPACE\r\nd CAPABILITY\r\ne LOGOUT\r\n");
        var lines = new List<string>();
        while (await c.ReadLineAsync() is { } line)
            lines.Add(line);
        Assert.Equal(
        [
            "a OK NOOP completed",
            "b OK [CAPABILITY " + ImapCapabilityTests.LoggedIn + "] Logged in",
            "* NAMESPACE ((\"\" \"/\")) NIL NIL",
            "c OK NAMESPACE completed",
            "* CAPABILITY " + ImapCapabilityTests.LoggedIn + "",
            "d OK CAPABILITY completed",
            "* BYE Logging out",
            "e OK LOGOUT completed",
        ], lines);
    }

    [Fact]
    public async Task Parse_errors_are_bad_with_the_readers_response_code()
    {
        await using var server = new ImapTestServer(fixture, new Wren.Imap.Server.ImapServerOptions { MaxLineLength = 1000 });
        await using var c = await server.LoginAsync();
        Assert.StartsWith("a BAD ", (await c.CommandAsync("a", "FETCH"))[0]);
        await c.WriteAsync("b NOOP " + new string('x', 2000) + "\r\n");
        Assert.StartsWith("b BAD [TOOBIG] ", await c.ReadLineAsync());
        // A line without a tag is answered untagged.
        await c.WriteAsync("\r\n");
        Assert.Equal("* BAD Empty command line", await c.ReadLineAsync());
        Assert.Equal(["c OK NOOP completed"], await c.CommandAsync("c", "NOOP"));
    }
}
