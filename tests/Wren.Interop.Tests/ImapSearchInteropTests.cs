using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Wren.Interop.Tests.Infrastructure;
using Wren.Store.Messages;

namespace Wren.Interop.Tests;

/// <summary>
/// SEARCH (with ESEARCH and CHARSET), SORT and THREAD as MailKit's ImapClient uses them, on a real
/// <c>wren serve</c>: its SearchQuery combinations become the wire keys, its parsers read the answers.
/// </summary>
public class ImapSearchInteropTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WrenServerProcess Server => fixture.Server;

    private static byte[] Message(string from, string subject, string date, string body, string? messageId = null, string? references = null,
        string? contentHeaders = null) => Encoding.UTF8.GetBytes(
        $"From: {from}\r\nTo: reader@example.test\r\nSubject: {subject}\r\nDate: {date}\r\n" +
        (messageId is null ? "" : $"Message-ID: <{messageId}>\r\n") + (references is null ? "" : $"References: <{references}>\r\n") +
        "MIME-Version: 1.0\r\n" + (contentHeaders ?? "Content-Type: text/plain; charset=utf-8\r\n") + "\r\n" + body);

    // 1 Alice "Café plans" (QP body "déjeuner"), 2 Bob "Re: Café plans" (reply, Seen), 3 Carol "Invoice" (base64 body),
    // 4 Alice "Re: Invoice" (Flagged, big).
    private async Task<(ImapClient Client, IMailFolder Inbox)> MailboxAsync()
    {
        string user = await Server.NewUserAsync("search");
        await Server.DeliverAsync(user,
            Message("Alice <alice@example.org>", "=?UTF-8?Q?Caf=C3=A9_plans?=", "Mon, 02 Mar 2026 10:00:00 +0000", "On se voit au d=C3=A9jeuner ?\r\n",
                "p1@example.org", contentHeaders: "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"),
            Message("Bob <bob@example.net>", "Re: =?UTF-8?Q?Caf=C3=A9_plans?=", "Mon, 02 Mar 2026 11:00:00 +0000", "Yes, noon works.\r\n", "p2@example.net", "p1@example.org"),
            Message("Carol <carol@example.com>", "Invoice", "Sun, 01 Mar 2026 09:00:00 +0000", Convert.ToBase64String(Encoding.UTF8.GetBytes("Amount due: 42 pounds")) + "\r\n",
                "i1@example.com", contentHeaders: "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n"),
            Message("Alice <alice@example.org>", "Re: Invoice", "Tue, 03 Mar 2026 08:00:00 +0000", string.Concat(Enumerable.Repeat("paid in full\r\n", 400))));
        await using (var store = await Server.OpenStoreAsync())
        {
            var account = await store.Accounts.FindUserAsync(user);
            var inbox = await store.Mailboxes.GetStatusAsync(account!.Id, "INBOX");
            var listing = await store.Mailboxes.GetMessagesAsync(account.Id, inbox!.MailboxId);
            long[] uids = [.. listing!.Messages.Select(m => m.Uid)];
            await store.Mailboxes.StoreFlagsAsync(account.Id, inbox.MailboxId, UidSet.Of([uids[1]]), new FlagChange(FlagOperation.Add, Wren.Store.Messages.MessageFlags.Seen));
            await store.Mailboxes.StoreFlagsAsync(account.Id, inbox.MailboxId, UidSet.Of([uids[3]]), new FlagChange(FlagOperation.Add, Wren.Store.Messages.MessageFlags.Flagged));
        }
        ImapClient client = await ImapLogin.LoginAsync(Server, user);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        return (client, client.Inbox);
    }

    private static async Task ExpectAsync(IMailFolder inbox, SearchQuery query, params int[] expected)
    {
        // Message i (1-based) has UID i in a fresh INBOX.
        var uids = await inbox.SearchAsync(query);
        Assert.True(expected.SequenceEqual(uids.Select(u => (int)u.Id)), $"{query}: {string.Join(",", uids)}");
    }

    [Fact]
    public async Task Mailkit_search_queries()
    {
        var (client, inbox) = await MailboxAsync();
        using (client)
        {
            await ExpectAsync(inbox, SearchQuery.All, 1, 2, 3, 4);
            await ExpectAsync(inbox, SearchQuery.Seen, 2);
            await ExpectAsync(inbox, SearchQuery.NotSeen, 1, 3, 4);
            await ExpectAsync(inbox, SearchQuery.FromContains("alice"), 1, 4);
            await ExpectAsync(inbox, SearchQuery.SubjectContains("café"), 1, 2);
            await ExpectAsync(inbox, SearchQuery.BodyContains("déjeuner"), 1);
            await ExpectAsync(inbox, SearchQuery.BodyContains("amount due"), 3);
            await ExpectAsync(inbox, SearchQuery.HeaderContains("References", "p1").Or(SearchQuery.Flagged), 2, 4);
            await ExpectAsync(inbox, SearchQuery.LargerThan(2000), 4);
            await ExpectAsync(inbox, SearchQuery.SentOn(new DateTime(2026, 3, 2)), 1, 2);
            await ExpectAsync(inbox, SearchQuery.SentSince(new DateTime(2026, 3, 2)).And(SearchQuery.SubjectContains("re:")), 2, 4);
            await ExpectAsync(inbox, SearchQuery.Not(SearchQuery.FromContains("alice")).And(SearchQuery.NotSeen), 3);
            await ExpectAsync(inbox, SearchQuery.Uids(new UniqueIdRange(0, 1, 3)), 1, 2, 3);
            await ExpectAsync(inbox, SearchQuery.DeliveredAfter(new DateTime(2000, 1, 1)), 1, 2, 3, 4);
            await ExpectAsync(inbox, SearchQuery.BodyContains("no such words"));

            // ESEARCH RETURN (MIN MAX COUNT ALL).
            SearchResults results = await inbox.SearchAsync(SearchOptions.All | SearchOptions.Count | SearchOptions.Min | SearchOptions.Max,
                SearchQuery.NotSeen);
            Assert.Equal(3, results.Count);
            Assert.Equal(1u, results.Min!.Value.Id);
            Assert.Equal(4u, results.Max!.Value.Id);
            Assert.Equal(new uint[] { 1, 3, 4 }, results.UniqueIds.Select(u => u.Id));

            // RFC 7162 MODSEQ key: MailKit reads the (MODSEQ n) or MODSEQ n that follows the result.
            SearchResults changed = await inbox.SearchAsync(SearchOptions.All, SearchQuery.ChangedSince(1).And(SearchQuery.FromContains("alice")));
            Assert.Equal(new uint[] { 1, 4 }, changed.UniqueIds.Select(u => u.Id));
            Assert.True(changed.ModSeq > 1);
            await client.DisconnectAsync(quit: true);
        }
    }

    [Fact]
    public async Task Mailkit_sort_and_thread()
    {
        var (client, inbox) = await MailboxAsync();
        using (client)
        {
            Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Sort));
            var byDate = await inbox.SortAsync(SearchQuery.All, [OrderBy.Date]);
            Assert.Equal(new uint[] { 3, 1, 2, 4 }, byDate.Select(u => u.Id));
            var bySubject = await inbox.SortAsync(SearchQuery.All, [OrderBy.Subject, OrderBy.ReverseDate]);
            Assert.Equal(new uint[] { 2, 1, 4, 3 }, bySubject.Select(u => u.Id));
            var bySize = await inbox.SortAsync(SearchQuery.NotSeen, [OrderBy.ReverseSize]);
            Assert.Equal(4u, bySize[0].Id);

            IList<MessageThread> threads = await inbox.ThreadAsync(ThreadingAlgorithm.References, SearchQuery.All);
            Assert.Equal(2, threads.Count);
            Assert.Equal(3u, threads[0].UniqueId!.Value.Id);
            Assert.Equal(4u, Assert.Single(threads[0].Children).UniqueId!.Value.Id);
            Assert.Equal(1u, threads[1].UniqueId!.Value.Id);
            Assert.Equal(2u, Assert.Single(threads[1].Children).UniqueId!.Value.Id);

            IList<MessageThread> bySubjectThreads = await inbox.ThreadAsync(ThreadingAlgorithm.OrderedSubject, SearchQuery.All);
            Assert.Equal(2, bySubjectThreads.Count);
            await client.DisconnectAsync(quit: true);
        }
    }
}
