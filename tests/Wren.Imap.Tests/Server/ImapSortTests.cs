using System.Text;
using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

/// <summary>SORT and UID SORT (RFC 5256 §3) over a fixed mailbox: every key, REVERSE, several criteria, ties.</summary>
public sealed class ImapSortTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    private static byte[] Message(string from, string to, string? cc, string subject, string? date, int padding) => Encoding.UTF8.GetBytes(
        $"From: {from}\r\nTo: {to}\r\n" + (cc is null ? "" : $"Cc: {cc}\r\n") + $"Subject: {subject}\r\n" +
        (date is null ? "" : $"Date: {date}\r\n") + "\r\n" + new string('x', padding) + "\r\n");

    private async Task<(ImapTestServer, ImapTestClient, long[])> MailboxAsync()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture, "sort");
        var t0 = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
        var uids = new List<long>();
        // 1: sent latest, arrived second.
        uids.Add((await ImapSearchData.AppendAsync(fixture, box.Name,
            Message("\"Zed\" <zed@example.org>", "bob@example.test", "carol@example.test", "Re: beta", "Sat, 10 Jan 2026 18:00:00 +0000", 30), t0.AddHours(2))).Uid);
        // 2: no Date (sorts by its arrival, the earliest), subject "[list] Alpha".
        uids.Add((await ImapSearchData.AppendAsync(fixture, box.Name,
            Message("anna@example.org", "Xavier <xavier@example.test>", null, "[list] Alpha", null, 10), t0.AddHours(1), MessageFlags.Seen)).Uid);
        // 3: Date in +0500, before 1 in UTC; same base subject as 1.
        uids.Add((await ImapSearchData.AppendAsync(fixture, box.Name,
            Message("Mike <mike@example.org>", "alice@example.test", "Bert <bert@example.test>", "beta (fwd)", "Sat, 10 Jan 2026 20:00:00 +0500", 50), t0.AddHours(3))).Uid);
        // 4: same arrival as 3 and same size as 1.
        uids.Add((await ImapSearchData.AppendAsync(fixture, box.Name,
            Message("BOB@example.org", "alice@example.test", "dave@example.test", "gamma", "Sat, 10 Jan 2026 16:00:00 +0000", 40), t0.AddHours(3))).Uid);
        var server = new ImapTestServer(fixture);
        var c = await server.LoginAsync();
        await c.CommandAsync("s", "SELECT " + box.Name);
        return (server, c, [.. uids]);
    }

    [Theory]
    [InlineData("(ARRIVAL)", "2 1 3 4")]
    [InlineData("(REVERSE ARRIVAL)", "3 4 1 2")] // ties stay in mailbox order
    [InlineData("(DATE)", "2 3 4 1")]
    [InlineData("(REVERSE DATE)", "1 4 3 2")]
    [InlineData("(SIZE)", "2 1 4 3")]
    [InlineData("(SIZE REVERSE ARRIVAL)", "2 4 1 3")]
    [InlineData("(SUBJECT)", "2 1 3 4")]
    [InlineData("(SUBJECT DATE)", "2 3 1 4")]
    [InlineData("(REVERSE SUBJECT REVERSE DATE)", "4 1 3 2")]
    [InlineData("(FROM)", "2 4 3 1")]
    [InlineData("(TO)", "3 4 1 2")]
    [InlineData("(CC)", "2 3 1 4")] // no Cc sorts first as ""; Bert's mailbox "bert"
    [InlineData("(DISPLAYFROM)", "2 4 3 1")]
    [InlineData("(DISPLAYTO)", "3 4 1 2")]
    public async Task Sorts_by_each_key(string criteria, string expected)
    {
        var (server, c, _) = await MailboxAsync();
        await using (server)
        await using (c)
            Assert.Equal(["* SORT " + expected, "a OK SORT completed"], await c.CommandAsync("a", $"SORT {criteria} UTF-8 ALL"));
    }

    [Fact]
    public async Task Uid_sort_with_search_keys_and_modseq()
    {
        var (server, c, uids) = await MailboxAsync();
        await using (server)
        await using (c)
        {
            Assert.Equal([$"* SORT {uids[2]} {uids[3]} {uids[0]}", "a OK UID SORT completed"], await c.CommandAsync("a", "UID SORT (REVERSE ARRIVAL) US-ASCII UNSEEN"));
            Assert.Equal(["* SORT", "b OK SORT completed"], await c.CommandAsync("b", "SORT (DATE) UTF-8 KEYWORD $Nothing"));
            var modseq = await c.CommandAsync("c", "SORT (SIZE) UTF-8 MODSEQ 1 SUBJECT beta");
            Assert.StartsWith("* OK [HIGHESTMODSEQ ", modseq[0]); // CONDSTORE turned on by this command (RFC 7162 §3.1)
            Assert.Matches(@"^\* SORT 1 3 \(MODSEQ \d+\)$", modseq[1]);
        }
    }

    [Fact]
    public async Task Bad_sort_commands_are_answered_and_the_session_goes_on()
    {
        var (server, c, _) = await MailboxAsync();
        await using (server)
        await using (c)
        {
            Assert.StartsWith("a BAD", Assert.Single(await c.CommandAsync("a", "SORT (COLOUR) UTF-8 ALL")));
            Assert.StartsWith("b NO [BADCHARSET", Assert.Single(await c.CommandAsync("b", "SORT (DATE) X-UNKNOWN ALL")));
            Assert.StartsWith("c BAD", Assert.Single(await c.CommandAsync("c", "SORT RETURN (PARTIAL 1:2) (DATE) UTF-8 ALL")));
            Assert.StartsWith("d BAD", Assert.Single(await c.CommandAsync("d", "SORT (DATE) UTF-8")));
            Assert.Equal(["* SORT 2 1 3 4", "e OK SORT completed"], await c.CommandAsync("e", "SORT (ARRIVAL) UTF-8 ALL"));
        }
    }

    [Fact]
    public async Task Return_options_give_esort()
    {
        // RFC 5267 §3: MIN and MAX are the first and last in sort order; ALL keeps the sort order.
        var (server, c, uids) = await MailboxAsync();
        await using (server)
        await using (c)
        {
            Assert.Equal(["* ESEARCH (TAG \"a\") MIN 2 MAX 1 COUNT 4 ALL 2:4,1", "a OK SORT completed"],
                await c.CommandAsync("a", "SORT RETURN (MIN MAX COUNT ALL) (DATE) UTF-8 ALL"));
            Assert.Equal(["* ESEARCH (TAG \"b\") ALL 3:4,1:2", "b OK SORT completed"], await c.CommandAsync("b", "SORT RETURN () (TO) UTF-8 ALL"));
            Assert.Equal([$"* ESEARCH (TAG \"c\") UID ALL {uids[3]},{uids[2]}", "c OK UID SORT completed"],
                await c.CommandAsync("c", "UID SORT RETURN (ALL) (REVERSE SUBJECT) UTF-8 OR 3 4"));
            Assert.Equal(["* ESEARCH (TAG \"d\") COUNT 0", "d OK SORT completed"], await c.CommandAsync("d", "SORT RETURN (COUNT) (DATE) UTF-8 KEYWORD $None"));
            Assert.Equal(["e OK SORT completed"], await c.CommandAsync("e", "SORT RETURN (SAVE) (DATE) UTF-8 UNSEEN"));
            Assert.Equal(["* SEARCH 1 3 4", "f OK SEARCH completed"], await c.CommandAsync("f", "SEARCH $"));
        }
    }
}
