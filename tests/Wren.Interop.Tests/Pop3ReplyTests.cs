using System.Text;
using System.Text.RegularExpressions;
using Wren.Interop.Tests.Infrastructure;
using Wren.Store.Accounts;

namespace Wren.Interop.Tests;

/// <summary>POP3 over a raw socket: every -ERR case with its exact text, byte-stuffing, states and locking.</summary>
public partial class Pop3ReplyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WrenServerProcess Server => fixture.Server;

    [Fact]
    public async Task Plaintext_port_offers_stls_and_no_clear_text_passwords_until_tls()
    {
        await using var c = await RawPop3Client.ConnectAsync(Server.Pop3);
        Assert.Equal("+OK mx.wren.test POP3 Wren ready", await c.ReadLineAsync());
        Assert.Equal("+OK capability list follows", await c.CommandAsync("CAPA"));
        var capabilities = await c.ReadMultilineAsync();
        Assert.Equal(["TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "SASL SCRAM-SHA-256", "STLS", "UTF8 USER", "IMPLEMENTATION Wren"],
            capabilities);
        Assert.Equal("-ERR plaintext authentication requires TLS; use STLS first", await c.CommandAsync("USER bob@example.test"));
        Assert.Equal("-ERR plaintext authentication requires TLS; use STLS first", await c.CommandAsync("PASS secret"));
        Assert.Equal("-ERR plaintext authentication requires TLS; use STLS first", await c.CommandAsync("AUTH PLAIN"));

        Assert.Equal("+OK begin TLS negotiation", await c.CommandAsync("STLS"));
        await c.StartTlsAsync();
        Assert.Equal("+OK capability list follows", await c.CommandAsync("CAPA"));
        Assert.Equal(["TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "USER", "SASL PLAIN SCRAM-SHA-256", "UTF8 USER", "IMPLEMENTATION Wren"],
            await c.ReadMultilineAsync());
        Assert.Equal("-ERR TLS already active", await c.CommandAsync("STLS"));
        Assert.Equal("+OK send PASS", await c.CommandAsync("USER bob@example.test"));
        Assert.StartsWith("+OK logged in; maildrop has ", await c.CommandAsync("PASS " + WrenServerProcess.Password));
        Assert.Equal("+OK capability list follows", await c.CommandAsync("CAPA"));
        Assert.Equal(["TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "IMPLEMENTATION Wren"], await c.ReadMultilineAsync());
        Assert.Equal("+OK Bye (0 messages deleted)", await c.CommandAsync("QUIT"));
        Assert.True(await c.IsClosedAsync());
    }

    [Fact]
    public async Task Too_many_errors_close_the_session()
    {
        await using var c = await RawPop3Client.ConnectAsync(Server.Pop3);
        await c.ReadLineAsync();
        // Pipelined: all twenty answers come back in order, then the server gives up.
        await c.SendAsync(string.Concat(Enumerable.Repeat("BOGUS\r\n", 20)) + "CAPA\r\n");
        for (int i = 0; i < 20; i++)
            Assert.Equal("-ERR unknown command", await c.ReadLineAsync());
        Assert.Equal("-ERR too many errors, closing connection", await c.ReadLineAsync());
        Assert.True(await c.IsClosedAsync());
    }

    [Fact]
    public async Task Commands_pipelined_behind_stls_are_discarded()
    {
        await using var c = await RawPop3Client.ConnectAsync(Server.Pop3);
        await c.ReadLineAsync();
        await c.SendAsync("STLS\r\nUSER bob@example.test\r\n");
        Assert.Equal("+OK begin TLS negotiation", await c.ReadLineAsync());
        await c.StartTlsAsync();
        // Had the plaintext USER survived, PASS would be accepted now.
        Assert.Equal("-ERR send USER first", await c.CommandAsync("PASS " + WrenServerProcess.Password));
    }

    [Fact]
    public async Task Long_lines_unknown_commands_and_wrong_states_get_their_errors_and_the_session_goes_on()
    {
        string user = await Server.NewUserAsync();
        await using var c = await RawPop3Client.ConnectAsync(Server.Pop3s, implicitTls: true);
        await c.ReadLineAsync();
        Assert.Equal("-ERR line too long", await c.CommandAsync("NOOP " + new string('x', 5000)));
        Assert.Equal("-ERR unknown command", await c.CommandAsync("XYZZY"));
        Assert.Equal("-ERR unknown command", await c.CommandAsync("APOP mrose c4c9334bac560ecc979e58001b3e22fb"));
        Assert.Equal("-ERR not logged in; authenticate first", await c.CommandAsync("STAT"));
        Assert.Equal("-ERR not logged in; authenticate first", await c.CommandAsync("RETR 1"));
        Assert.Equal("-ERR send USER first", await c.CommandAsync("PASS " + WrenServerProcess.Password));
        Assert.Equal("-ERR non-ASCII user names and passwords need the UTF8 command first", await c.CommandAsync("USER jürgen@example.test"));
        Assert.Equal("-ERR syntax error in arguments", await c.CommandAsync("USER"));
        Assert.Equal("+OK send PASS", await c.CommandAsync("user " + user));
        Assert.StartsWith("+OK logged in", await c.CommandAsync("pass " + WrenServerProcess.Password));
        Assert.Equal("-ERR command not valid after login", await c.CommandAsync("USER " + user));
        Assert.Equal("-ERR command not valid after login", await c.CommandAsync("PASS x"));
        Assert.Equal("-ERR command not valid after login", await c.CommandAsync("AUTH PLAIN"));
        Assert.Equal("-ERR command not valid after login", await c.CommandAsync("STLS"));
        Assert.Equal("-ERR command not valid after login", await c.CommandAsync("UTF8"));
        Assert.Equal("-ERR line too long", await c.CommandAsync("LIST " + new string('1', 2000)));
        Assert.Equal("+OK", await c.CommandAsync("NOOP"));
        Assert.Equal("+OK 0 0", await c.CommandAsync("STAT"));
    }

    [Fact]
    public async Task Bad_message_numbers_and_arguments_are_refused_precisely()
    {
        string user = await Server.NewUserAsync();
        byte[] first = Pop3Messages.Create("first");
        byte[] second = Pop3Messages.Create("second", 9);
        await Server.DeliverAsync(user, first, second);
        await using var c = await RawPop3Client.LoginAsync(Server.Pop3s, user);

        Assert.Equal($"+OK 2 {first.Length + second.Length}", await c.CommandAsync("STAT"));
        foreach (string command in new[] { "RETR 0", "RETR 3", "RETR abc", "RETR -1", "RETR +1", "LIST 99", "UIDL 3", "DELE 7", "TOP 3 0", "RETR 99999999999" })
            Assert.Equal("-ERR no such message", await c.CommandAsync(command));
        Assert.Equal("-ERR syntax error in arguments", await c.CommandAsync("RETR"));
        Assert.Equal("-ERR syntax error in arguments", await c.CommandAsync("DELE"));
        Assert.Equal("-ERR syntax error in arguments", await c.CommandAsync("TOP 1"));
        Assert.Equal("-ERR syntax error in arguments", await c.CommandAsync("TOP 1 -2"));
        Assert.Equal("-ERR syntax error in arguments", await c.CommandAsync("STAT 1"));
        Assert.Equal("+OK Bye (0 messages deleted)", await c.CommandAsync("QUIT"));
    }

    [Fact]
    public async Task Deleted_message_numbers_are_refused_until_rset()
    {
        string user = await Server.NewUserAsync();
        byte[] first = Pop3Messages.Create("first");
        byte[] second = Pop3Messages.Create("second", 9);
        await Server.DeliverAsync(user, first, second);
        await using var c = await RawPop3Client.LoginAsync(Server.Pop3s, user);

        Assert.Equal("+OK message 1 deleted", await c.CommandAsync("DELE 1"));
        Assert.Equal("-ERR message 1 already deleted", await c.CommandAsync("DELE 1"));
        Assert.Equal("-ERR message 1 already deleted", await c.CommandAsync("RETR 1"));
        Assert.Equal("-ERR message 1 already deleted", await c.CommandAsync("TOP 1 0"));
        Assert.Equal("-ERR message 1 already deleted", await c.CommandAsync("LIST 1"));
        Assert.Equal("-ERR message 1 already deleted", await c.CommandAsync("UIDL 1"));
        Assert.Equal($"+OK 1 {second.Length}", await c.CommandAsync("STAT"));
        Assert.Equal($"+OK 1 messages ({second.Length} octets)", await c.CommandAsync("LIST"));
        Assert.Equal([$"2 {second.Length}"], await c.ReadMultilineAsync());

        Assert.Equal($"+OK 2 messages ({first.Length + second.Length} octets)", await c.CommandAsync("RSET"));
        Assert.Equal($"+OK 1 {first.Length}", await c.CommandAsync("LIST 1"));
        Assert.Equal("+OK Bye (0 messages deleted)", await c.CommandAsync("QUIT"));
    }

    [Fact]
    public async Task Retr_and_top_byte_stuff_and_end_with_crlf_dot_crlf()
    {
        string user = await Server.NewUserAsync();
        byte[] message = Pop3Messages.Create("stuffing", 6);
        await Server.DeliverAsync(user, message);
        await using var c = await RawPop3Client.LoginAsync(Server.Pop3s, user);

        Assert.Equal($"+OK 1 {message.Length}", await c.CommandAsync("LIST 1"));
        Assert.Equal($"+OK {message.Length} octets", await c.CommandAsync("RETR 1"));
        var lines = await c.ReadMultilineAsync();
        Assert.Equal(["line 1", "..line two starts with a dot", "...", "..", "line 5", "line 6"], lines[^6..]);

        Assert.Equal($"+OK {message.Length} octets", await c.CommandAsync("RETR 1"));
        Assert.Equal(message, await c.ReadMultilineBytesAsync());

        Assert.Equal("+OK top of message follows", await c.CommandAsync("TOP 1 0"));
        var top0 = await c.ReadMultilineAsync();
        Assert.Equal("", top0[^1]);
        Assert.Contains("Subject: stuffing", top0);
        Assert.DoesNotContain("line 1", top0);

        Assert.Equal("+OK top of message follows", await c.CommandAsync("TOP 1 2"));
        var top2 = await c.ReadMultilineAsync();
        Assert.Equal(["", "line 1", "..line two starts with a dot"], top2[^3..]);

        Assert.Equal("+OK top of message follows", await c.CommandAsync("TOP 1 100"));
        Assert.Equal(lines, await c.ReadMultilineAsync());
    }

    [Fact]
    public async Task A_large_message_streams_whole_and_exact()
    {
        string user = await Server.NewUserAsync();
        byte[] message = Pop3Messages.Create("large", 5, 3 * 1024 * 1024);
        await Server.DeliverAsync(user, message);
        await using var c = await RawPop3Client.LoginAsync(Server.Pop3s, user);
        Assert.Equal($"+OK {message.Length} octets", await c.CommandAsync("RETR 1"));
        Assert.Equal(message, await c.ReadMultilineBytesAsync());
        Assert.Equal("+OK", await c.CommandAsync("NOOP"));
    }

    [Fact]
    public async Task Uidl_values_are_stable_unique_and_well_formed()
    {
        string user = await Server.NewUserAsync();
        await Server.DeliverAsync(user, Pop3Messages.Create("a"), Pop3Messages.Create("b"), Pop3Messages.Create("c"));
        List<string> first;
        await using (var c = await RawPop3Client.LoginAsync(Server.Pop3s, user))
        {
            Assert.Equal("+OK 3 messages", (await c.CommandAsync("UIDL"))![..14]);
            first = await c.ReadMultilineAsync();
            Assert.Equal(3, first.Select(l => l.Split(' ')[1]).Distinct().Count());
            Assert.All(first, l => Assert.Matches(UidlLine(), l));
            Assert.Equal("+OK 2 " + first[1].Split(' ')[1], await c.CommandAsync("UIDL 2"));
            Assert.Equal("+OK message 1 deleted", await c.CommandAsync("DELE 1"));
            Assert.Equal("+OK Bye (1 messages deleted)", await c.CommandAsync("QUIT"));
        }
        await Server.DeliverAsync(user, Pop3Messages.Create("d"));
        await using (var c = await LoginEventuallyAsync(user))
        {
            await c.CommandAsync("UIDL");
            var second = await c.ReadMultilineAsync();
            // The survivors keep their ids under new message numbers; the new message's id is new.
            Assert.Equal(first[1].Split(' ')[1], second[0].Split(' ')[1]);
            Assert.Equal(first[2].Split(' ')[1], second[1].Split(' ')[1]);
            Assert.DoesNotContain(second[2].Split(' ')[1], first.Select(l => l.Split(' ')[1]));
        }
    }

    [Fact]
    public async Task Quit_deletes_atomically_but_a_dropped_connection_deletes_nothing()
    {
        string user = await Server.NewUserAsync();
        await Server.DeliverAsync(user, Pop3Messages.Create("one"), Pop3Messages.Create("two"), Pop3Messages.Create("three", 2, 300_000));

        await using (var dropped = await RawPop3Client.LoginAsync(Server.Pop3s, user))
        {
            Assert.Equal("+OK message 1 deleted", await dropped.CommandAsync("DELE 1"));
            Assert.Equal("+OK message 3 deleted", await dropped.CommandAsync("DELE 3"));
        } // no QUIT

        await using (var c = await LoginEventuallyAsync(user))
        {
            Assert.StartsWith("+OK 3 ", await c.CommandAsync("STAT"));
            Assert.Equal("+OK message 1 deleted", await c.CommandAsync("DELE 1"));
            Assert.Equal("+OK message 3 deleted", await c.CommandAsync("DELE 3"));
            Assert.Equal("+OK Bye (2 messages deleted)", await c.CommandAsync("QUIT"));
        }
        var left = await Server.ReadMailAsync(user);
        Assert.Equal("two", Assert.Single(left).Info.Subject);
    }

    [Fact]
    public async Task A_second_session_on_the_same_maildrop_gets_in_use()
    {
        string user = await Server.NewUserAsync();
        await using var first = await RawPop3Client.LoginAsync(Server.Pop3s, user);
        await using (var second = await RawPop3Client.ConnectAsync(Server.Pop3s, implicitTls: true))
        {
            await second.ReadLineAsync();
            await second.CommandAsync("USER " + user);
            Assert.Equal("-ERR [IN-USE] maildrop already locked by another POP3 session", await second.CommandAsync("PASS " + WrenServerProcess.Password));
            // Still in AUTHORIZATION: a retry after the first session quits succeeds.
            Assert.Equal("-ERR not logged in; authenticate first", await second.CommandAsync("STAT"));
            Assert.Equal("+OK Bye (0 messages deleted)", await first.CommandAsync("QUIT"));
            await second.CommandAsync("USER " + user);
            Assert.StartsWith("+OK logged in", await second.CommandAsync("PASS " + WrenServerProcess.Password));
        }
    }

    [Fact]
    public async Task Sasl_plain_with_initial_response_cancel_and_bad_data()
    {
        string user = await Server.NewUserAsync();
        await using var c = await RawPop3Client.ConnectAsync(Server.Pop3s, implicitTls: true);
        await c.ReadLineAsync();
        Assert.Equal("+OK SASL mechanisms follow", await c.CommandAsync("AUTH"));
        Assert.Equal(["PLAIN", "SCRAM-SHA-256"], await c.ReadMultilineAsync());
        Assert.Equal("-ERR unrecognized authentication mechanism", await c.CommandAsync("AUTH LOGIN"));
        Assert.Equal("-ERR unrecognized authentication mechanism", await c.CommandAsync("AUTH CRAM-MD5"));
        Assert.Equal("-ERR invalid authentication data", await c.CommandAsync("AUTH PLAIN !!!"));
        Assert.Equal("+ ", await c.CommandAsync("AUTH PLAIN"));
        Assert.Equal("-ERR authentication cancelled", await c.CommandAsync("*"));
        Assert.Equal("+ ", await c.CommandAsync("AUTH PLAIN"));
        Assert.Equal("-ERR line too long", await c.CommandAsync(new string('A', 10_000)));
        string token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{WrenServerProcess.Password}"));
        Assert.StartsWith("+OK logged in", await c.CommandAsync("AUTH PLAIN " + token));
    }

    [Fact]
    public async Task Utf8_enables_utf8_user_names()
    {
        await using var c = await RawPop3Client.ConnectAsync(Server.Pop3s, implicitTls: true);
        await c.ReadLineAsync();
        Assert.Equal("+OK UTF8 enabled", await c.CommandAsync("UTF8"));
        Assert.Equal("+OK send PASS", await c.CommandAsync("USER jürgen@example.test"));
        Assert.Equal("-ERR [AUTH] Authentication failed", await c.CommandAsync("PASS wrong"));
    }

    [Fact]
    public async Task A_message_expunged_by_another_session_meanwhile_is_reported_gone()
    {
        string user = await Server.NewUserAsync();
        await Server.DeliverAsync(user, Pop3Messages.Create("vanishing"), Pop3Messages.Create("staying"));
        await using var c = await RawPop3Client.LoginAsync(Server.Pop3s, user);
        await using (var store = await Server.OpenStoreAsync())
        {
            UserAccount account = (await store.Accounts.FindUserAsync(user))!;
            var inbox = (await store.Mail.ListMailboxAsync(account.Id, "INBOX"))!;
            await store.Mail.ExpungeAsync(account.Id, inbox.MailboxId, [inbox.Messages[0].MessageId]);
        }
        Assert.Equal("-ERR [SYS/PERM] message 1 no longer exists", await c.CommandAsync("RETR 1"));
        Assert.StartsWith("+OK", await c.CommandAsync("RETR 2"));
        await c.ReadMultilineAsync();
        Assert.Equal("+OK message 1 deleted", await c.CommandAsync("DELE 1"));
        Assert.Equal("+OK Bye (1 messages deleted)", await c.CommandAsync("QUIT"));
        Assert.Equal("staying", Assert.Single(await Server.ReadMailAsync(user)).Info.Subject);
    }

    /// <summary>Logs in, retrying while the server has not yet noticed that the previous session dropped.</summary>
    private async Task<RawPop3Client> LoginEventuallyAsync(string user)
    {
        for (int attempt = 0; ; attempt++)
        {
            var c = await RawPop3Client.ConnectAsync(Server.Pop3s, implicitTls: true);
            await c.ReadLineAsync();
            await c.CommandAsync("USER " + user);
            string? reply = await c.CommandAsync("PASS " + WrenServerProcess.Password);
            if (reply!.StartsWith("+OK", StringComparison.Ordinal))
                return c;
            await c.DisposeAsync();
            Assert.True(attempt < 50 && reply.Contains("[IN-USE]"), reply);
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"^\d+ \d+-\d+$")]
    private static partial Regex UidlLine();
}
