using Wren.Imap.Server;
using Wren.Mail.Summaries;
using Wren.Store.Messages;
using static Wren.Imap.Tests.Server.ImapFetchTestData;

namespace Wren.Imap.Tests.Server;

/// <summary>FETCH and UID FETCH data items (RFC 9051 §6.4.5, §7.5.2; RFC 3516; RFC 7162; RFC 8474).</summary>
public sealed class ImapFetchTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    private static readonly int SimpleHeaderLength = Simple.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;

    private async Task<(ImapTestServer Server, ImapTestClient Client, MailboxStatus Box)> OpenAsync(params string[] messages)
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        foreach (string message in messages)
            await AppendAsync(fixture, box.Name, message);
        var server = new ImapTestServer(fixture);
        var client = await server.LoginAsync();
        Assert.EndsWith("OK [READ-WRITE] SELECT completed", (await client.CommandAsync("s", $"SELECT {box.Name}"))[^1]);
        return (server, client, box);
    }

    [Fact]
    public async Task Attributes_come_in_the_order_asked()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        AppendResult appended = await AppendAsync(fixture, box.Name, Simple, MessageFlags.Flagged);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name}");

        const string envelope = "(\"Tue, 01 Dec 2026 09:00:00 -0700\" \"hello\" ((\"Bob\" NIL \"bob\" \"example.test\")) " +
            "((\"Bob\" NIL \"bob\" \"example.test\")) ((\"Bob\" NIL \"bob\" \"example.test\")) ((NIL NIL \"alice\" \"example.test\")) " +
            "NIL NIL NIL \"<m1@example.test>\")";
        const string body = "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 29 2)";
        Assert.Equal([
            $"* 1 FETCH (RFC822.SIZE {Simple.Length} FLAGS (\\Flagged \\Recent) INTERNALDATE \"01-Dec-2026 09:30:05 -0700\" UID {appended.Uid} " +
            $"ENVELOPE {envelope} BODY {body} BODYSTRUCTURE {body[..^1]} NIL NIL NIL NIL) EMAILID ({appended.EmailId}) THREADID NIL)",
            "a OK FETCH completed"],
            await c.CommandAsync("a", "FETCH 1 (RFC822.SIZE FLAGS INTERNALDATE UID ENVELOPE BODY BODYSTRUCTURE EMAILID THREADID)"));

        // The macros (RFC 9051 §6.4.5): FAST = FLAGS INTERNALDATE RFC822.SIZE.
        Assert.Equal([$"* 1 FETCH (FLAGS (\\Flagged \\Recent) INTERNALDATE \"01-Dec-2026 09:30:05 -0700\" RFC822.SIZE {Simple.Length})", "b OK FETCH completed"],
            await c.CommandAsync("b", "FETCH 1 FAST"));
    }

    [Fact]
    public async Task A_summary_is_built_once_for_a_message_stored_without_one()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        AppendResult appended = await AppendAsync(fixture, box.Name, Simple);
        var user = await ImapMailboxData.UserAsync(fixture);
        Assert.Null(await fixture.Store.Mailboxes.GetSummaryAsync(user.Id, appended.MessageId));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name}");
        await c.CommandAsync("a", "FETCH 1 BODYSTRUCTURE");

        MessageSummary? stored = StoredSummary.Decode(await fixture.Store.Mailboxes.GetSummaryAsync(user.Id, appended.MessageId));
        Assert.NotNull(stored);
        Assert.Equal(Simple.Length, stored.Size);
    }

    [Fact]
    public async Task A_stored_summary_is_used_as_it_is()
    {
        // A summary that differs from the message (its subject) proves FETCH answers from the stored summary.
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        using var other = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(Simple.Replace("Subject: hello", "Subject: HELLO", StringComparison.Ordinal)));
        await AppendAsync(fixture, box.Name, Simple, summary: StoredSummary.Encode(MessageSummary.Build(other)));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", $"SELECT {box.Name}");
        Assert.Contains("\"HELLO\"", (await c.CommandAsync("a", "FETCH 1 ENVELOPE"))[0]);
    }

    [Fact]
    public async Task Header_text_and_header_fields_sections()
    {
        var (server, c, _) = await OpenAsync(Simple);
        await using var _s = server;
        await using var _c = c;
        string header = Simple[..SimpleHeaderLength];
        string text = Simple[SimpleHeaderLength..];

        Assert.Equal([$"* 1 FETCH (BODY[HEADER] {{{header.Length}}}\r\n{header})", "a OK FETCH completed"],
            await c.CommandWithLiteralsAsync("a", "FETCH 1 BODY.PEEK[HEADER]"));
        Assert.Equal([$"* 1 FETCH (BODY[TEXT] {{{text.Length}}}\r\n{text})", "b OK FETCH completed"],
            await c.CommandWithLiteralsAsync("b", "FETCH 1 BODY.PEEK[TEXT]"));
        const string fields = "From: Bob <bob@example.test>\r\nSubject: hello\r\n\r\n";
        Assert.Equal([$"* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT from)] {{{fields.Length}}}\r\n{fields})", "c OK FETCH completed"],
            await c.CommandWithLiteralsAsync("c", "FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT from)]"));
        const string notFields = "To: alice@example.test\r\nDate: Tue, 01 Dec 2026 09:00:00 -0700\r\nMessage-ID: <m1@example.test>\r\n\r\n";
        Assert.Equal([$"* 1 FETCH (BODY[HEADER.FIELDS.NOT (Subject From)] {{{notFields.Length}}}\r\n{notFields})", "d OK FETCH completed"],
            await c.CommandWithLiteralsAsync("d", "FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT (Subject From)]"));
        // RFC 3501 forms.
        Assert.Equal([$"* 1 FETCH (RFC822.HEADER {{{header.Length}}}\r\n{header} RFC822.SIZE {Simple.Length})", "e OK FETCH completed"],
            await c.CommandWithLiteralsAsync("e", "FETCH 1 (RFC822.HEADER RFC822.SIZE)"));
        // Nothing so far set \Seen (the message is \Recent in this IMAP4rev1 session, RFC 3501 §2.3.2).
        Assert.Equal(["* 1 FETCH (FLAGS (\\Recent))", "f OK FETCH completed"], await c.CommandAsync("f", "FETCH 1 FLAGS"));
    }

    [Fact]
    public async Task Partial_ranges_take_octets_from_the_origin()
    {
        var (server, c, _) = await OpenAsync(Simple);
        await using var _s = server;
        await using var _c = c;
        Assert.Equal([$"* 1 FETCH (BODY[]<0> {{10}}\r\n{Simple[..10]})", "a OK FETCH completed"],
            await c.CommandWithLiteralsAsync("a", "FETCH 1 BODY.PEEK[]<0.10>"));
        Assert.Equal([$"* 1 FETCH (BODY[TEXT]<7> {{6}}\r\nAlice.)", "b OK FETCH completed"],
            await c.CommandWithLiteralsAsync("b", "FETCH 1 BODY.PEEK[TEXT]<7.6>"));
        // A count past the end gives what there is; an origin past the end, the empty string.
        string tail = Simple[(Simple.Length - 5)..];
        Assert.Equal([$"* 1 FETCH (BODY[]<{Simple.Length - 5}> {{5}}\r\n{tail})", "c OK FETCH completed"],
            await c.CommandWithLiteralsAsync("c", $"FETCH 1 BODY.PEEK[]<{Simple.Length - 5}.100>"));
        Assert.Equal(["* 1 FETCH (BODY[]<100000> {0}\r\n)", "d OK FETCH completed"],
            await c.CommandWithLiteralsAsync("d", "FETCH 1 BODY.PEEK[]<100000.10>"));
        Assert.Equal(["* 1 FETCH (BODY[HEADER.FIELDS (Subject)]<2> {3}\r\nbje)", "e OK FETCH completed"],
            await c.CommandWithLiteralsAsync("e", "FETCH 1 BODY.PEEK[HEADER.FIELDS (Subject)]<2.3>"));
    }

    [Fact]
    public async Task Multipart_sections_mime_headers_and_missing_parts()
    {
        var (server, c, _) = await OpenAsync(Multipart);
        await using var _s = server;
        await using var _c = c;
        Assert.Equal(["* 1 FETCH (BODY[1] {9}\r\nPart one. BODY[1.MIME] {46}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n)", "a OK FETCH completed"],
            await c.CommandWithLiteralsAsync("a", "FETCH 1 (BODY.PEEK[1] BODY.PEEK[1.MIME])"));
        Assert.Equal(["* 1 FETCH (BODY[2] {8}\r\nAAECAwQ=)", "b OK FETCH completed"], await c.CommandWithLiteralsAsync("b", "FETCH 1 BODY.PEEK[2]"));
        // A part the message does not have is NIL; so is HEADER of a part that is not a message.
        Assert.Equal(["* 1 FETCH (BODY[4] NIL BODY[1.HEADER] NIL)", "c OK FETCH completed"],
            await c.CommandAsync("c", "FETCH 1 (BODY.PEEK[4] BODY.PEEK[1.HEADER])"));
        Assert.Contains("(\"APPLICATION\" \"OCTET-STREAM\" NIL NIL NIL \"BASE64\" 8)",
            (await c.CommandAsync("d", "FETCH 1 BODY"))[0]);
    }

    [Fact]
    public async Task Binary_decodes_the_transfer_encoding_and_uses_literal8_for_nul()
    {
        var (server, c, _) = await OpenAsync(Multipart);
        await using var _s = server;
        await using var _c = c;
        Assert.Equal(["* 1 FETCH (BINARY.SIZE[2] 5 BINARY[2] ~{5}\r\n\0\u0001\u0002\u0003\u0004)", "a OK FETCH completed"],
            await c.CommandWithLiteralsAsync("a", "FETCH 1 (BINARY.SIZE[2] BINARY.PEEK[2])"));
        Assert.Equal(["* 1 FETCH (BINARY[2]<3> {2}\r\n\u0003\u0004)", "b OK FETCH completed"],
            await c.CommandWithLiteralsAsync("b", "FETCH 1 BINARY.PEEK[2]<3.10>"));
        Assert.Equal(["* 1 FETCH (BINARY[1] {9}\r\nPart one.)", "c OK FETCH completed"],
            await c.CommandWithLiteralsAsync("c", "FETCH 1 BINARY.PEEK[1]"));
        Assert.Equal([$"* 1 FETCH (BINARY.SIZE[] {Multipart.Length})", "d OK FETCH completed"], await c.CommandAsync("d", "FETCH 1 BINARY.SIZE[]"));

        // RFC 3516 §4.3: an encoding the server cannot undo is NO [UNKNOWN-CTE], before anything is sent or set.
        var unknown = await c.CommandAsync("e", "FETCH 1 (FLAGS BINARY[3])");
        Assert.StartsWith("e NO [UNKNOWN-CTE] ", Assert.Single(unknown));
        Assert.StartsWith("f NO [UNKNOWN-CTE] ", Assert.Single(await c.CommandAsync("f", "FETCH 1 BINARY.SIZE[3]")));
        Assert.Equal(["* 1 FETCH (FLAGS (\\Recent))", "g OK FETCH completed"], await c.CommandAsync("g", "FETCH 1 FLAGS"));
    }

    [Fact]
    public async Task Body_without_peek_sets_seen_and_reports_the_flags()
    {
        var (server, c, box) = await OpenAsync(Simple, Simple, Simple);
        await using var _s = server;
        await using var _c = c;
        await using var other = await server.LoginAsync();
        await other.CommandAsync("s", $"SELECT {box.Name}");

        Assert.Equal(["* 1 FETCH (BODY[]<0> {4}\r\nFrom FLAGS (\\Seen \\Recent))", "a OK FETCH completed"],
            await c.CommandWithLiteralsAsync("a", "FETCH 1 BODY[]<0.4>"));
        // Already seen: no FLAGS this time.
        Assert.Equal(["* 1 FETCH (BODY[]<0> {4}\r\nFrom)", "b OK FETCH completed"], await c.CommandWithLiteralsAsync("b", "FETCH 1 BODY[]<0.4>"));
        // Asked for FLAGS: they are the new ones; RFC822.TEXT sets \Seen too.
        Assert.Equal(["* 2 FETCH (FLAGS (\\Seen \\Recent) RFC822.TEXT {29}\r\nHello, Alice.\r\nSecond line.\r\n)", "c OK FETCH completed"],
            await c.CommandWithLiteralsAsync("c", "FETCH 2 (FLAGS RFC822.TEXT)"));
        // The session told its client already; the other session hears of it at its next command.
        Assert.Equal(["d OK NOOP completed"], await c.CommandAsync("d", "NOOP"));
        Assert.Equal(["* 1 FETCH (FLAGS (\\Seen))", "* 2 FETCH (FLAGS (\\Seen))", "n OK NOOP completed"], await other.CommandAsync("n", "NOOP"));

        // EXAMINE is read-only: nothing is set.
        await c.CommandAsync("e", $"EXAMINE {box.Name}");
        Assert.Equal(["* 3 FETCH (BINARY[]<0> {4}\r\nFrom)", "f OK FETCH completed"], await c.CommandWithLiteralsAsync("f", "FETCH 3 BINARY[]<0.4>"));
        Assert.Equal(["* 3 FETCH (FLAGS ())", "g OK FETCH completed"], await c.CommandAsync("g", "FETCH 3 FLAGS"));
    }

    [Fact]
    public async Task Uid_fetch_always_returns_the_uid_and_bad_sets_are_refused()
    {
        var (server, c, _) = await OpenAsync(Simple, Simple);
        await using var _s = server;
        await using var _c = c;
        Assert.Equal(["* 1 FETCH (UID 1 FLAGS (\\Recent))", "* 2 FETCH (UID 2 FLAGS (\\Recent))", "a OK UID FETCH completed"],
            await c.CommandAsync("a", "UID FETCH 1:* FLAGS"));
        Assert.Equal(["* 2 FETCH (FLAGS (\\Recent) UID 2)", "b OK UID FETCH completed"], await c.CommandAsync("b", "UID FETCH 2:7 (FLAGS UID)"));
        // UIDs that do not exist are no error; sequence numbers that do not exist are.
        Assert.Equal(["c OK UID FETCH completed"], await c.CommandAsync("c", "UID FETCH 5:9 FLAGS"));
        Assert.StartsWith("d BAD ", Assert.Single(await c.CommandAsync("d", "FETCH 3 FLAGS")));
        Assert.StartsWith("e BAD ", Assert.Single(await c.CommandAsync("e", "FETCH 1 BODY[0]")));
        Assert.StartsWith("f BAD ", Assert.Single(await c.CommandAsync("f", "FETCH 1 BODY[MIME]")));
        Assert.StartsWith("g BAD ", Assert.Single(await c.CommandAsync("g", "FETCH 1:x FLAGS")));
    }

    [Fact]
    public async Task Modseq_and_changedsince()
    {
        var (server, c, box) = await OpenAsync(Simple, Simple, Simple);
        await using var _s = server;
        await using var _c = c;
        var user = await ImapMailboxData.UserAsync(fixture);
        var modseqs = (await fixture.Store.Mailboxes.GetMessagesAsync(user.Id, box.MailboxId))!.Messages.Select(m => m.ModSeq).ToList();
        // RFC 7162 §3.1.2.1: the first CONDSTORE enabling command in a selected mailbox gets HIGHESTMODSEQ.
        Assert.Equal([$"* OK [HIGHESTMODSEQ {modseqs.Max()}] Highest", $"* 1 FETCH (MODSEQ ({modseqs[0]}))", "a OK FETCH completed"],
            await c.CommandAsync("a", "FETCH 1 MODSEQ"));

        StoreFlagsResult stored = await fixture.Store.Mailboxes.StoreFlagsAsync(user.Id, box.MailboxId, UidSet.Of([2]), new FlagChange(FlagOperation.Add, MessageFlags.Flagged));
        long changed = stored.Changed[0].ModSeq;
        // CONDSTORE is on now (MODSEQ was fetched): the unsolicited FETCH carries MODSEQ; CHANGEDSINCE implies it.
        // (The second is the other change's announcement; both carry \Recent, this session having selected first.)
        Assert.Equal([$"* 2 FETCH (FLAGS (\\Flagged \\Recent) MODSEQ ({changed}))", $"* 2 FETCH (FLAGS (\\Flagged \\Recent) MODSEQ ({changed}))", "b OK FETCH completed"],
            await c.CommandAsync("b", $"FETCH 1:* (FLAGS) (CHANGEDSINCE {modseqs[2]})"));
        Assert.Equal([$"* 2 FETCH (UID 2 MODSEQ ({changed}))", "c OK UID FETCH completed"],
            await c.CommandAsync("c", $"UID FETCH 1:* (MODSEQ) (CHANGEDSINCE {modseqs[2]})"));
    }

    [Fact]
    public async Task Vanished_reports_expunged_uids_under_qresync()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        for (int i = 0; i < 4; i++)
            await AppendAsync(fixture, box.Name, Simple, MessageFlags.Deleted);
        var user = await ImapMailboxData.UserAsync(fixture);
        long before = (await fixture.Store.Mailboxes.GetStatusAsync(user.Id, box.MailboxId))!.HighestModSeq;
        await fixture.Store.Mailboxes.ExpungeAsync(user.Id, box.MailboxId, UidSet.Of([1, 3]));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("e", "ENABLE QRESYNC");
        await c.CommandAsync("s", $"SELECT {box.Name}");

        var lines = await c.CommandAsync("a", $"UID FETCH 1:* (FLAGS) (CHANGEDSINCE {before} VANISHED)");
        Assert.Equal(["* VANISHED (EARLIER) 1,3", "a OK UID FETCH completed"], lines);
        Assert.StartsWith("b BAD ", Assert.Single(await c.CommandAsync("b", $"FETCH 1:* (FLAGS) (CHANGEDSINCE {before} VANISHED)")));
    }

    [Fact]
    public async Task Expunges_wait_during_fetch_and_are_told_at_uid_fetch()
    {
        var (server, c, box) = await OpenAsync(Simple, Simple);
        await using var _s = server;
        await using var _c = c;
        var user = await ImapMailboxData.UserAsync(fixture);
        await fixture.Store.Mailboxes.StoreFlagsAsync(user.Id, box.MailboxId, UidSet.Of([1]), new FlagChange(FlagOperation.Add, MessageFlags.Deleted));
        await fixture.Store.Mailboxes.ExpungeAsync(user.Id, box.MailboxId);

        // The expunged message is still number 1 to the client, but its data is gone: it is skipped.
        Assert.Equal(["* 2 FETCH (UID 2)", "a OK FETCH completed"], await c.CommandAsync("a", "FETCH 1:2 UID"));
        Assert.Equal(["* 2 FETCH (UID 2)", "* 1 EXPUNGE", "b OK UID FETCH completed"], await c.CommandAsync("b", "UID FETCH 1:* UID"));
        Assert.Equal(["* 1 FETCH (UID 2)", "c OK FETCH completed"], await c.CommandAsync("c", "FETCH 1 UID"));
    }

    [Fact]
    public async Task Envelope_strings_are_utf8_only_once_the_client_accepts_it()
    {
        var (server, c, box) = await OpenAsync(Simple.Replace("Subject: hello", "Subject: Grüße", StringComparison.Ordinal));
        await using var _s = server;
        await using var _c = c;
        await using var utf8 = await server.LoginAsync();
        // RFC 6855 §3: without UTF8=ACCEPT, 8-bit text goes as a literal (never a quoted string).
        string before = (await c.CommandWithLiteralsAsync("a", "FETCH 1 ENVELOPE"))[0];
        Assert.DoesNotContain("\"Grüße\"", before);
        Assert.Contains(" {7}\r\n", before);
        // ENABLE belongs to the authenticated state (RFC 5161 §3.1).
        Assert.Equal(["* ENABLED UTF8=ACCEPT", "e OK ENABLE completed"], await utf8.CommandAsync("e", "ENABLE UTF8=ACCEPT"));
        await utf8.CommandAsync("s", $"SELECT {box.Name}");
        Assert.Contains(" \"Grüße\" ", (await utf8.CommandAsync("b", "FETCH 1 ENVELOPE"))[0]);
    }

    [Fact]
    public async Task Recent_is_a_flag_of_the_claiming_rev1_session_only()
    {
        var (server, c, box) = await OpenAsync(Simple);
        await using var _s = server;
        await using var _c = c;
        await using var second = await server.LoginAsync();
        await using var rev2 = await server.LoginAsync();
        await rev2.CommandAsync("e", "ENABLE IMAP4rev2");
        await second.CommandAsync("s", $"SELECT {box.Name}");
        await rev2.CommandAsync("s", $"SELECT {box.Name}");

        // RFC 3501 §2.3.2: recent in the first session that selected the mailbox; RFC 9051 has no \Recent.
        Assert.Equal(["* 1 FETCH (FLAGS (\\Recent))", "a OK FETCH completed"], await c.CommandAsync("a", "FETCH 1 FLAGS"));
        Assert.Equal(["* 1 FETCH (FLAGS ())", "b OK FETCH completed"], await second.CommandAsync("b", "FETCH 1 FLAGS"));
        Assert.Equal(["* 1 FETCH (FLAGS ())", "c OK FETCH completed"], await rev2.CommandAsync("c", "FETCH 1 FLAGS"));
    }
}
