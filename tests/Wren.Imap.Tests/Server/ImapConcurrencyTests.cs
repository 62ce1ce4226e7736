using System.Text.RegularExpressions;
using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

/// <summary>
/// Two sessions changing one mailbox at once, and a client that vanishes mid-APPEND: the store stays whole,
/// MODSEQ only grows, and every session's view agrees with the store afterwards (RFC 9051 §2.3.1, RFC 7162 §3.1).
/// </summary>
public sealed partial class ImapConcurrencyTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    [Fact]
    public async Task Concurrent_stores_and_expunges_from_two_sessions_leave_a_consistent_mailbox()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture, "race");
        var user = await ImapMailboxData.UserAsync(fixture);
        for (int i = 0; i < 30; i++)
            await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message($"m{i}"));
        await using var server = new ImapTestServer(fixture);
        await using var flagger = await server.LoginAsync();
        await using var expunger = await server.LoginAsync();
        await flagger.CommandAsync("s", $"SELECT {box.Name} (CONDSTORE)");
        await expunger.CommandAsync("s", $"SELECT {box.Name}");

        // Bounded: 60 STOREs against 10 rounds of delete-and-expunge, interleaved by the scheduler.
        Task flagging = Task.Run(async () =>
        {
            for (int i = 0; i < 60; i++)
            {
                var reply = await flagger.CommandAsync("f" + i, $"UID STORE 1:* {(i % 2 == 0 ? "+" : "-")}FLAGS.SILENT (\\Flagged $K{i % 3})");
                Assert.StartsWith($"f{i} OK", reply[^1]);
            }
        });
        Task expunging = Task.Run(async () =>
        {
            for (int i = 0; i < 10; i++)
            {
                Assert.StartsWith($"d{i} OK", (await expunger.CommandAsync("d" + i, $"UID STORE {3 * i + 1} +FLAGS.SILENT (\\Deleted)"))[^1]);
                Assert.StartsWith($"e{i} OK", (await expunger.CommandAsync("e" + i, "EXPUNGE"))[^1]);
            }
        });
        await Task.WhenAll(flagging, expunging);

        var status = (await fixture.Store.Mailboxes.GetStatusAsync(user.Id, box.MailboxId))!;
        Assert.Equal(20, status.Messages);
        var listing = (await fixture.Store.Mailboxes.GetMessagesAsync(user.Id, box.MailboxId))!.Messages;
        Assert.Equal(listing.Select(m => m.Uid).Order(), listing.Select(m => m.Uid));
        Assert.All(listing, m => Assert.True(m.ModSeq <= status.HighestModSeq));
        Assert.All(listing, m => Assert.Equal(0, (int)(m.Flags & MessageFlags.Deleted)));

        // Both sessions, once told everything, see exactly the store's messages in the same order.
        foreach (var (client, tag) in new[] { (flagger, "x"), (expunger, "y") })
        {
            await client.CommandAsync(tag + "n", "NOOP");
            var fetched = await client.CommandAsync(tag, "FETCH 1:* (UID MODSEQ)");
            var uids = fetched.Select(l => UidInFetch().Match(l)).Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value)).ToList();
            Assert.Equal(listing.Select(m => m.Uid), uids);
            Assert.Equal(Enumerable.Range(1, 20), fetched.Select(l => SeqInFetch().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)));
        }
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_append_stores_nothing_and_the_server_serves_on()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture, "cut");
        var user = await ImapMailboxData.UserAsync(fixture);
        await using var server = new ImapTestServer(fixture);
        await using (var leaving = await server.LoginAsync())
        {
            await leaving.WriteAsync($"a APPEND {box.Name} {{100000}}\r\n");
            Assert.StartsWith("+ ", await leaving.ReadLineAsync());
            await leaving.WriteAsync("Subject: half\r\n\r\n" + new string('x', 40_000));
        }
        await using (var c = await server.LoginAsync())
        {
            Assert.Contains("* 0 EXISTS", await c.CommandAsync("s", $"SELECT {box.Name}"));
            Assert.Equal(["n OK NOOP completed"], await c.CommandAsync("n", "NOOP"));
        }
        // Once every session has ended (the vanished client's included), the half message is nowhere.
        await server.StopAsync();
        Assert.Equal(0, (await fixture.Store.Mailboxes.GetStatusAsync(user.Id, box.MailboxId))!.Messages);
    }

    [GeneratedRegex(@"UID (\d+)")]
    private static partial Regex UidInFetch();

    [GeneratedRegex(@"^\* (\d+) FETCH")]
    private static partial Regex SeqInFetch();
}
