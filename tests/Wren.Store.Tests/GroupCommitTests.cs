using System.Collections.Concurrent;
using Wren.Store.Accounts;
using Wren.Store.Messages;
using Wren.Store.Sqlite;

namespace Wren.Store.Tests;

public sealed class GroupCommitTests : AliceAndBobStore
{
    [Fact]
    public async Task Two_hundred_concurrent_commits_all_land_with_distinct_growing_uids_and_modseqs()
    {
        var published = new ConcurrentQueue<StoreChange>();
        using var subscription = store.Mail.Changes.Subscribe(published.Enqueue);
        const int count = 200;
        // Every message goes to alice; every third one to bob as well, and a few are large.
        var commits = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            byte[] content = TestStore.Message($"message {i}", i % 50 == 0 ? 200_000 : 4096);
            var users = i % 3 == 0 ? new[] { alice.Id, bob.Id } : [alice.Id];
            var result = await test.DeliverAsync(store, content, users);
            return (Index: i, Content: content, Result: result);
        })).ToList();
        var done = await Task.WhenAll(commits);

        var toAlice = done.Select(d => d.Result.Messages.Single(m => m.UserId == alice.Id)).ToList();
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), toAlice.Select(m => m.Uid).Order());
        var byUid = toAlice.OrderBy(m => m.Uid).ToList();
        for (int i = 1; i < byUid.Count; i++)
            Assert.True(byUid[i].ModSeq > byUid[i - 1].ModSeq, "MODSEQ grows with the UID");
        Assert.Equal(2, byUid[0].ModSeq);

        var toBob = done.Where(d => d.Index % 3 == 0).Select(d => d.Result.Messages.Single(m => m.UserId == bob.Id)).ToList();
        Assert.Equal(Enumerable.Range(1, toBob.Count).Select(i => (long)i), toBob.Select(m => m.Uid).Order());

        var inbox = (await store.Mail.ListMailboxesAsync(alice.Id)).Single(b => b.Name == "INBOX");
        Assert.Equal(count + 1, inbox.UidNext);
        Assert.Equal(count + 1, inbox.HighestModSeq);
        Assert.Equal(count, inbox.MessageCount);

        // Published in commit order: per mailbox, UIDs and MODSEQs only grow.
        var changes = published.ToList();
        Assert.Equal(count + toBob.Count, changes.Count);
        foreach (var mailbox in changes.GroupBy(c => c.MailboxId))
        {
            var list = mailbox.ToList();
            for (int i = 1; i < list.Count; i++)
            {
                Assert.True(list[i].Uid > list[i - 1].Uid);
                Assert.True(list[i].ModSeq > list[i - 1].ModSeq);
            }
        }

        // And every message reads back as written.
        foreach (var (index, content, result) in done.Where(d => d.Index % 10 == 0))
            Assert.Equal(content, await TestStore.ReadAllAsync((await store.Mail.OpenMessageAsync(alice.Id, result.Messages[0].MessageId))!));
    }

    [Fact]
    public async Task Every_change_is_published_before_its_commit_returns_in_commit_order()
    {
        var published = new List<StoreChange>();
        using var subscription = store.Mail.Changes.Subscribe(change =>
        {
            lock (published)
                published.Add(change);
        });

        var first = await test.DeliverAsync(store, TestStore.Message("one"), alice.Id, bob.Id);
        lock (published)
        {
            Assert.Equal(
                [
                    new StoreChange(StoreChangeKind.MessageAdded, alice.Id, first.Messages[0].MailboxId, 1, 2),
                    new StoreChange(StoreChangeKind.MessageAdded, bob.Id, first.Messages[1].MailboxId, 1, 2),
                ], published.Select(c => c with { Message = null }));
            // The new message's listing row travels with the change, so sessions need not read it.
            Assert.Equal(first.Messages[0].MessageId, published[0].Message!.MessageId);
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => test.DeliverAsync(store, TestStore.Message($"m{i}"), alice.Id)));
        lock (published)
        {
            var mine = published.Skip(2).ToList();
            Assert.Equal(20, mine.Count);
            Assert.Equal(Enumerable.Range(2, 20).Select(i => (long?)i), mine.Select(c => c.Uid));
            Assert.Equal(Enumerable.Range(3, 20).Select(i => (long)i), mine.Select(c => c.ModSeq));
        }
        Assert.All(results, r => Assert.Equal(r.Messages[0].Uid + 1, r.Messages[0].ModSeq));
    }

    [Fact]
    public async Task A_failing_subscriber_cannot_break_the_writer_or_the_other_subscribers()
    {
        int seen = 0;
        using var bad = store.Mail.Changes.Subscribe(_ => throw new InvalidOperationException("subscriber bug"));
        using var good = store.Mail.Changes.Subscribe(_ => Interlocked.Increment(ref seen));

        await test.DeliverAsync(store, TestStore.Message("one"), alice.Id);
        await test.DeliverAsync(store, TestStore.Message("two"), alice.Id);

        Assert.Equal(2, seen);
        Assert.Equal(2, (await store.Mail.ListMessagesAsync(alice.Id)).Count);
    }

    [Fact]
    public async Task A_disposed_subscription_hears_nothing_more()
    {
        int seen = 0;
        var subscription = store.Mail.Changes.Subscribe(_ => seen++);
        await test.DeliverAsync(store, TestStore.Message("one"), alice.Id);
        subscription.Dispose();
        subscription.Dispose();
        await test.DeliverAsync(store, TestStore.Message("two"), alice.Id);
        Assert.Equal(1, seen);
    }
}
