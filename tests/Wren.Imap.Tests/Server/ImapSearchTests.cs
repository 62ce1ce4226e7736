using System.Text;
using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

/// <summary>
/// SEARCH and UID SEARCH (RFC 9051 §6.4.4) key by key over a small fixed mailbox, the plain (RFC 3501) and
/// ESEARCH (RFC 4731) answers, SEARCHRES (RFC 5182), MODSEQ (RFC 7162 §3.1.5) and the errors.
/// </summary>
public sealed class ImapSearchTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    // 1: Seen; QP UTF-8 body; encoded-word subject; internal date late on 2 Nov in -05:00 (3 Nov in UTC).
    private const string First =
        "From: \"Alice Example\" <alice@example.org>\r\nTo: bob@example.test\r\nCc: carol@example.test\r\n" +
        "Subject: =?UTF-8?Q?Caf=C3=A9_meeting?=\r\nDate: Mon, 02 Nov 2026 10:00:00 +0100\r\nMessage-ID: <m1@example.org>\r\n" +
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
        "Let's meet at the caf=C3=A9 tomor=\r\nrow.\r\n";

    // 2: Answered, Flagged, $Work; multipart/alternative with a base64 text part.
    private const string Second =
        "From: bob@example.test\r\nTo: \"Alice Example\" <alice@example.org>\r\nSubject: Re: =?UTF-8?Q?Caf=C3=A9_meeting?=\r\n" +
        "X-Priority: 1\r\nDate: Tue, 03 Nov 2026 09:00:00 +0000\r\nMessage-ID: <m2@example.test>\r\nIn-Reply-To: <m1@example.org>\r\n" +
        "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n" +
        "--b2\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        "U291bmRzIGdvb2QsIHNlZSB5b3UgdGhlcmUu\r\n" +
        "--b2\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n<p>Sounds <b>good</b></p>\r\n--b2--\r\n";

    // 3: Deleted, Draft; no Date; Latin-1 QP text and a base64 attachment; padded past 2000 octets.
    private static readonly string Third =
        "From: dave@example.net\r\nBcc: eve@example.test\r\nSubject: Quarterly report\r\nMessage-ID: <m3@example.net>\r\n" +
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b3\"\r\n\r\n" +
        "--b3\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
        "Gr=FC=DFe aus Z=FCrich\r\n" + string.Concat(Enumerable.Repeat("padding line of the quarterly report\r\n", 60)) +
        "--b3\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        Convert.ToBase64String(Encoding.ASCII.GetBytes("secretword inside an attachment")) + "\r\n--b3--\r\n";

    private sealed record Box(string Name, long[] Uids, long[] ModSeqs, string[] EmailIds);

    private async Task<Box> FixedMailboxAsync()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture, "search");
        var one = await ImapSearchData.AppendAsync(fixture, box.Name, Encoding.ASCII.GetBytes(First),
            new DateTimeOffset(2026, 11, 2, 23, 30, 0, TimeSpan.FromHours(-5)), MessageFlags.Seen);
        var two = await ImapSearchData.AppendAsync(fixture, box.Name, Encoding.ASCII.GetBytes(Second),
            new DateTimeOffset(2026, 11, 3, 9, 5, 0, TimeSpan.Zero), MessageFlags.Answered | MessageFlags.Flagged, ["$Work"]);
        var three = await ImapSearchData.AppendAsync(fixture, box.Name, Encoding.ASCII.GetBytes(Third),
            new DateTimeOffset(2026, 11, 5, 12, 0, 0, TimeSpan.Zero), MessageFlags.Deleted | MessageFlags.Draft);
        return new Box(box.Name, [one.Uid, two.Uid, three.Uid], [one.ModSeq, two.ModSeq, three.ModSeq], [one.EmailId, two.EmailId, three.EmailId]);
    }

    private async Task<(ImapTestServer Server, ImapTestClient Client, Box Box)> SelectAsync(bool rev2 = false)
    {
        Box box = await FixedMailboxAsync();
        var server = new ImapTestServer(fixture);
        ImapTestClient client = await server.LoginAsync();
        if (rev2)
            Assert.EndsWith("OK ENABLE completed", (await client.CommandAsync("e", "ENABLE IMAP4rev2"))[^1]);
        Assert.EndsWith("SELECT completed", (await client.CommandAsync("s", "SELECT " + box.Name))[^1]);
        return (server, client, box);
    }

    public static TheoryData<string, string> Keys() => new()
    {
        { "ALL", "1 2 3" },
        { "SEEN", "1" }, { "UNSEEN", "2 3" },
        { "ANSWERED", "2" }, { "UNANSWERED", "1 3" },
        { "FLAGGED", "2" }, { "UNFLAGGED", "1 3" },
        { "DELETED", "3" }, { "UNDELETED", "1 2" },
        { "DRAFT", "3" }, { "UNDRAFT", "1 2" },
        { "KEYWORD $Work", "2" }, { "KEYWORD $work", "2" }, { "UNKEYWORD $Work", "1 3" }, { "KEYWORD $Other", "" },
        { "RECENT", "1 2 3" }, { "NEW", "2 3" }, { "OLD", "" }, // this session selected the mailbox first: all are \Recent in it
        { "BEFORE 3-Nov-2026", "1" }, { "ON 2-Nov-2026", "1" }, { "ON 3-Nov-2026", "2" }, { "SINCE 3-Nov-2026", "2 3" },
        { "SINCE \"5-Nov-2026\"", "3" },
        { "SENTBEFORE 3-Nov-2026", "1" }, { "SENTON 3-Nov-2026", "2" }, { "SENTSINCE 2-Nov-2026", "1 2" }, { "NOT SENTON 2-Nov-2026", "2 3" },
        { "LARGER 2000", "3" }, { "SMALLER 2000", "1 2" }, { "LARGER 100000", "" },
        { "FROM alice", "1" }, { "FROM \"Alice Example\"", "1" }, { "FROM ALICE@EXAMPLE.ORG", "1" }, { "TO alice", "2" },
        { "CC carol", "1" }, { "CC nobody", "" }, { "BCC eve", "3" },
        { "SUBJECT meeting", "1 2" }, { "SUBJECT \"re: caf\"", "2" }, { "SUBJECT quarterly", "3" },
        { "HEADER X-Priority \"\"", "2" }, { "HEADER x-priority 1", "2" }, { "NOT HEADER X-Priority \"\"", "1 3" },
        { "HEADER Message-ID example.net", "3" }, { "HEADER In-Reply-To m1@", "2" }, { "HEADER Cc \"\"", "1" },
        { "BODY tomorrow", "1" }, { "BODY \"sounds good\"", "2" }, { "BODY \"<b>good</b>\"", "2" }, { "BODY padding", "3" },
        { "BODY secretword", "" }, { "BODY meeting", "" }, { "TEXT meeting", "1 2" }, { "TEXT x-priority", "2" },
        { "TEXT tomorrow", "1" }, { "BODY \"\"", "1 2 3" },
        { "NOT SEEN", "2 3" }, { "OR SEEN FLAGGED", "1 2" }, { "OR BODY tomorrow BODY padding", "1 3" },
        { "(UNSEEN OR FLAGGED DELETED)", "2 3" }, { "(SEEN OR FLAGGED DELETED)", "" }, { "NOT (UNSEEN UNFLAGGED)", "1 2" }, { "SEEN FLAGGED", "" },
        { "1", "1" }, { "2:*", "2 3" }, { "*", "3" }, { "1,3", "1 3" }, { "3:1", "1 2 3" }, { "NOT 2", "1 3" },
        { "4", "" }, { "2:9", "2 3" }, { "OR 1 3 UNSEEN", "3" },
        { "OLDER 1", "1 2 3" }, { "YOUNGER 1", "" },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task Each_key_matches_exactly(string criteria, string expected)
    {
        var (server, c, _) = await SelectAsync();
        await using (server)
        await using (c)
        {
            var reply = await c.CommandAsync("a", "SEARCH " + criteria);
            Assert.Equal([("* SEARCH " + expected).TrimEnd(), "a OK SEARCH completed"], reply);
        }
    }

    [Fact]
    public async Task Uid_search_and_uid_sets_answer_with_uids()
    {
        var (server, c, box) = await SelectAsync();
        await using (server)
        await using (c)
        {
            long[] u = box.Uids;
            Assert.Equal($"* SEARCH {u[0]} {u[2]}", (await c.CommandAsync("a", "UID SEARCH OR SEEN DELETED"))[0]);
            Assert.Equal($"* SEARCH {u[1]}", (await c.CommandAsync("b", $"UID SEARCH UID {u[1]}"))[0]);
            Assert.Equal("* SEARCH 2 3", (await c.CommandAsync("c", $"SEARCH UID {u[1]}:*"))[0]);
            Assert.Equal($"* SEARCH {u[2]}", (await c.CommandAsync("d", $"UID SEARCH UID {u[2] + 10}:*"))[0]);
            Assert.Equal("* SEARCH", (await c.CommandAsync("e", $"UID SEARCH UID {u[2] + 10}"))[0]);
            Assert.Equal("* SEARCH 2", (await c.CommandAsync("f", $"SEARCH EMAILID {box.EmailIds[1]}"))[0]);
            Assert.Equal("* SEARCH", (await c.CommandAsync("g", "SEARCH THREADID T1234"))[0]);
        }
    }

    [Fact]
    public async Task Non_ascii_strings_need_the_charset_and_unknown_charsets_are_badcharset()
    {
        var (server, c, _) = await SelectAsync();
        await using (server)
        await using (c)
        {
            // "café" in a literal, CHARSET UTF-8: decoded subject and decoded QP body both match.
            Assert.Equal(["* SEARCH 1 2", "a OK SEARCH completed"], await c.CommandAsync("a", "SEARCH CHARSET UTF-8 SUBJECT {5+}\r\ncafé"));
            Assert.Equal(["* SEARCH 1", "b OK SEARCH completed"], await c.CommandAsync("b", "SEARCH CHARSET UTF-8 BODY {5+}\r\nCAFÉ"));
            // Latin-1 text part, searched in its decoded form.
            Assert.Equal(["* SEARCH 3", "c OK SEARCH completed"], await c.CommandAsync("c", "SEARCH CHARSET UTF-8 BODY {8+}\r\nzürich"));
            var bad = await c.CommandAsync("d", "SEARCH CHARSET X-NO-SUCH-CHARSET ALL");
            Assert.StartsWith("d NO [BADCHARSET", Assert.Single(bad));
        }
    }

    [Fact]
    public async Task Bad_keys_are_bad_and_the_session_goes_on()
    {
        var (server, c, _) = await SelectAsync();
        await using (server)
        await using (c)
        {
            Assert.StartsWith("a BAD", Assert.Single(await c.CommandAsync("a", "SEARCH FROBNICATE")));
            Assert.StartsWith("b BAD", Assert.Single(await c.CommandAsync("b", "SEARCH SINCE 31-Foo-2026")));
            Assert.StartsWith("c BAD", Assert.Single(await c.CommandAsync("c", "SEARCH OR SEEN")));
            Assert.StartsWith("z BAD", Assert.Single(await c.CommandAsync("z", "SEARCH 0")));
            Assert.StartsWith("y BAD", Assert.Single(await c.CommandAsync("y", "SEARCH RETURN (FOO) ALL")));
            Assert.Equal(["* SEARCH 1", "d OK SEARCH completed"], await c.CommandAsync("d", "SEARCH SEEN"));
        }
    }

    [Fact]
    public async Task Return_options_give_esearch()
    {
        var (server, c, box) = await SelectAsync();
        await using (server)
        await using (c)
        {
            long[] u = box.Uids;
            Assert.Equal(["* ESEARCH (TAG \"a\") MIN 2 MAX 3 COUNT 2 ALL 2:3", "a OK SEARCH completed"],
                await c.CommandAsync("a", "SEARCH RETURN (MIN MAX COUNT ALL) UNSEEN"));
            Assert.Equal([$"* ESEARCH (TAG \"b\") UID ALL {u[0]}:{u[2]}", "b OK UID SEARCH completed"],
                await c.CommandAsync("b", "UID SEARCH RETURN () ALL"));
            Assert.Equal(["* ESEARCH (TAG \"c\") COUNT 0", "c OK SEARCH completed"], await c.CommandAsync("c", "SEARCH RETURN (COUNT) KEYWORD $Nothing"));
            Assert.Equal(["* ESEARCH (TAG \"d\")", "d OK SEARCH completed"], await c.CommandAsync("d", "SEARCH RETURN (MIN MAX) KEYWORD $Nothing"));
            Assert.Equal(["* ESEARCH (TAG \"e\") UID MIN " + u[1], "e OK UID SEARCH completed"], await c.CommandAsync("e", "UID SEARCH RETURN (MIN) UNSEEN"));
            Assert.Equal(["* ESEARCH (TAG \"f\") ALL 1,3", "f OK SEARCH completed"], await c.CommandAsync("f", "SEARCH RETURN (ALL) OR 1 3"));
        }
    }

    [Fact]
    public async Task Imap4rev2_sessions_always_get_esearch()
    {
        var (server, c, box) = await SelectAsync(rev2: true);
        await using (server)
        await using (c)
        {
            Assert.Equal(["* ESEARCH (TAG \"a\") ALL 1:2", "a OK SEARCH completed"], await c.CommandAsync("a", "SEARCH UNDELETED"));
            Assert.Equal(["* ESEARCH (TAG \"b\") UID ALL " + box.Uids[2], "b OK UID SEARCH completed"], await c.CommandAsync("b", "UID SEARCH DELETED"));
            Assert.Equal(["* ESEARCH (TAG \"c\")", "c OK SEARCH completed"], await c.CommandAsync("c", "SEARCH KEYWORD $Nothing"));
            Assert.Equal(["* ESEARCH (TAG \"d\") UID", "d OK UID SEARCH completed"], await c.CommandAsync("d", "UID SEARCH KEYWORD $Nothing"));
        }
    }

    [Fact]
    public async Task Save_keeps_the_result_for_dollar()
    {
        var (server, c, box) = await SelectAsync();
        await using (server)
        await using (c)
        {
            long[] u = box.Uids;
            // RFC 5182 §2.2: SAVE alone answers nothing but the tagged OK.
            Assert.Equal(["a OK SEARCH completed"], await c.CommandAsync("a", "SEARCH RETURN (SAVE) OR FLAGGED DELETED"));
            Assert.Equal([$"* SEARCH {u[1]} {u[2]}", "b OK UID SEARCH completed"], await c.CommandAsync("b", "UID SEARCH $"));
            Assert.Equal(["* SEARCH 1 2 3", "c OK SEARCH completed"], await c.CommandAsync("c", "SEARCH OR $ SEEN"));
            Assert.Equal(["* SEARCH 1", "d OK SEARCH completed"], await c.CommandAsync("d", "SEARCH NOT UID $"));
            // §2.4: with MIN only, only the minimum is saved; the MIN is still returned.
            Assert.Equal(["* ESEARCH (TAG \"e\") MIN 2", "e OK SEARCH completed"], await c.CommandAsync("e", "SEARCH RETURN (SAVE MIN) UNSEEN"));
            Assert.Equal(["* SEARCH 2", "f OK SEARCH completed"], await c.CommandAsync("f", "SEARCH $"));
            // With MIN and MAX both are saved; with COUNT, everything.
            Assert.Equal(["* ESEARCH (TAG \"g\") MIN 1 MAX 3", "g OK SEARCH completed"], await c.CommandAsync("g", "SEARCH RETURN (SAVE MIN MAX) ALL"));
            Assert.Equal(["* SEARCH 1 3", "h OK SEARCH completed"], await c.CommandAsync("h", "SEARCH $"));
            Assert.Equal(["* ESEARCH (TAG \"i\") MIN 1 COUNT 3", "i OK SEARCH completed"], await c.CommandAsync("i", "SEARCH RETURN (SAVE MIN COUNT) ALL"));
            Assert.Equal(["* SEARCH 1 2 3", "j OK SEARCH completed"], await c.CommandAsync("j", "SEARCH $"));
            // A search with no match saves the empty set.
            Assert.Equal(["k OK SEARCH completed"], await c.CommandAsync("k", "SEARCH RETURN (SAVE) KEYWORD $Nothing"));
            Assert.Equal(["* SEARCH", "l OK SEARCH completed"], await c.CommandAsync("l", "SEARCH $"));
        }
    }

    [Fact]
    public async Task Modseq_key_enables_condstore_and_adds_the_highest_modseq()
    {
        var (server, c, box) = await SelectAsync();
        await using (server)
        await using (c)
        {
            long[] m = box.ModSeqs;
            // RFC 7162 §3.1: the command that turns CONDSTORE on also tells the HIGHESTMODSEQ.
            Assert.Equal([$"* OK [HIGHESTMODSEQ {m[2]}] Highest", $"* SEARCH 2 3 (MODSEQ {m[2]})", "a OK SEARCH completed"], await c.CommandAsync("a", $"SEARCH MODSEQ {m[1]}"));
            Assert.Equal([$"* SEARCH 2 (MODSEQ {m[1]})", "b OK SEARCH completed"],
                await c.CommandAsync("b", $"SEARCH MODSEQ \"/flags/\\\\seen\" all {m[1]} FLAGGED"));
            Assert.Equal(["* SEARCH", "c OK SEARCH completed"], await c.CommandAsync("c", $"SEARCH MODSEQ {m[2] + 1}"));
            Assert.Equal([$"* ESEARCH (TAG \"d\") MIN 1 MODSEQ {m[0]}", "d OK SEARCH completed"], await c.CommandAsync("d", "SEARCH RETURN (MIN) MODSEQ 1"));
            Assert.Equal([$"* ESEARCH (TAG \"e\") COUNT 3 MODSEQ {m[2]}", "e OK SEARCH completed"], await c.CommandAsync("e", "SEARCH RETURN (COUNT) MODSEQ 1"));

            // CONDSTORE is now on: flag changes of others carry MODSEQ (RFC 7162 §3.1).
            var user = await ImapMailboxData.UserAsync(fixture);
            var status = await fixture.Store.Mailboxes.GetStatusAsync(user.Id, box.Name);
            var stored = await fixture.Store.Mailboxes.StoreFlagsAsync(user.Id, status!.MailboxId, UidSet.Of([box.Uids[0]]), new FlagChange(FlagOperation.Add, MessageFlags.Flagged));
            var noop = await c.CommandAsync("f", "NOOP");
            Assert.True(noop.Contains($"* 1 FETCH (FLAGS (\\Flagged \\Seen \\Recent) MODSEQ ({stored.HighestModSeq}))"), string.Join(" | ", noop));
        }
    }

    [Fact]
    public async Task Expunges_wait_during_search_but_not_uid_search()
    {
        var (server, c, box) = await SelectAsync();
        await using (server)
        await using (c)
        {
            var user = await ImapMailboxData.UserAsync(fixture);
            var status = await fixture.Store.Mailboxes.GetStatusAsync(user.Id, box.Name);
            await fixture.Store.Mailboxes.ExpungeAsync(user.Id, status!.MailboxId);
            // Message 3 (\Deleted) is gone from the store; SEARCH still numbers as the client knows and finds 1 and 2.
            Assert.Equal(["* SEARCH 1 2", "a OK SEARCH completed"], await c.CommandAsync("a", "SEARCH ALL"));
            Assert.Equal([$"* SEARCH {box.Uids[0]} {box.Uids[1]}", "* 3 EXPUNGE", "b OK UID SEARCH completed"], await c.CommandAsync("b", "UID SEARCH ALL"));
        }
    }

    [Fact]
    public async Task Older_and_younger_count_seconds_from_now()
    {
        // RFC 5032 §3: message 3 arrived 2026-11-05 12:00:00Z; "now" is 90 seconds later.
        Box box = await FixedMailboxAsync();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 5, 12, 1, 30, TimeSpan.Zero));
        await using var server = new ImapTestServer(fixture, time: time);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", "SELECT " + box.Name);
        Assert.Equal(["* SEARCH 3", "a OK SEARCH completed"], await c.CommandAsync("a", "SEARCH YOUNGER 90"));
        Assert.Equal(["* SEARCH 1 2", "b OK SEARCH completed"], await c.CommandAsync("b", "SEARCH OLDER 90"));
        Assert.Equal(["* SEARCH", "c OK SEARCH completed"], await c.CommandAsync("c", "SEARCH YOUNGER 89"));
        Assert.Equal(["* SEARCH 2", "d OK SEARCH completed"], await c.CommandAsync("d", "SEARCH YOUNGER 190000 OLDER 90"));
    }

    [Fact]
    public async Task Search_needs_a_selected_mailbox()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.StartsWith("a BAD", Assert.Single(await c.CommandAsync("a", "SEARCH ALL")));
    }

    [Fact]
    public async Task Summaries_built_for_search_are_stored()
    {
        var (server, c, box) = await SelectAsync();
        await using (server)
        await using (c)
        {
            await c.CommandAsync("a", "SEARCH SENTSINCE 1-Jan-2000");
            var user = await ImapMailboxData.UserAsync(fixture);
            var status = await fixture.Store.Mailboxes.GetStatusAsync(user.Id, box.Name);
            var snapshot = await fixture.Store.Mailboxes.GetMessagesAsync(user.Id, status!.MailboxId, new MessageQuery { IncludeSummaries = true });
            Assert.All(snapshot!.Messages, m => Assert.NotNull(Wren.Imap.Server.StoredSummary.Decode(m.Summary)));
        }
    }
}
