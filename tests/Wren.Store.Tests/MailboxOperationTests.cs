using Wren.Store.Messages;

namespace Wren.Store.Tests;

/// <summary>CREATE, DELETE, RENAME, SUBSCRIBE, LIST and STATUS (RFC 9051 §6.3, RFC 6154, RFC 8474).</summary>
public sealed class MailboxOperationTests : MailboxStoreTestBase
{
    [Fact]
    public async Task Create_makes_missing_superiors_drops_a_trailing_delimiter_and_publishes_each()
    {
        var changes = Record(out var subscription);
        using (subscription)
        {
            var created = await Boxes.CreateMailboxAsync(alice.Id, "Work/2025/Q1/");
            Assert.Equal("Work/2025/Q1", created.Name);
            Assert.Equal(1, created.UidNext);
            Assert.Equal(0, created.Messages);
            Assert.StartsWith("M", created.ObjectId);
        }
        Assert.Equal(["Work", "Work/2025", "Work/2025/Q1"], changes.Select(c => c.MailboxName));
        Assert.All(changes, c => Assert.Equal(StoreChangeKind.MailboxCreated, c.Kind));
        var list = await Boxes.ListMailboxesAsync(alice.Id);
        Assert.True(list.Single(e => e.Name == "Work").HasChildren);
        Assert.True(list.Single(e => e.Name == "Work/2025").Exists);
        Assert.False(list.Single(e => e.Name == "Work/2025/Q1").HasChildren);
        // A name with a superior that exists already just adds the inferior.
        await Boxes.CreateMailboxAsync(alice.Id, "Work/Other");
        Assert.Equal(4, (await Boxes.ListMailboxesAsync(alice.Id)).Count(e => e.Name.StartsWith("Work", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Create_refuses_taken_names_inbox_in_any_case_and_bad_names()
    {
        Assert.Equal(MailStoreError.AlreadyExists, await RefusalAsync(() => Boxes.CreateMailboxAsync(alice.Id, "Sent")));
        Assert.Equal(MailStoreError.AlreadyExists, await RefusalAsync(() => Boxes.CreateMailboxAsync(alice.Id, "inbox")));
        foreach (string bad in new[] { "", "/", "/a", "a//b", "a*", "b%", "tab\there", new string('x', 1001), "\ud800" })
            Assert.Equal(MailStoreError.InvalidName, await RefusalAsync(() => Boxes.CreateMailboxAsync(alice.Id, bad)));
        // UTF-8 names are fine (RFC 9051 §5.1).
        Assert.Equal("Entwürfe/日本", (await Boxes.CreateMailboxAsync(alice.Id, "Entwürfe/日本")).Name);
        // "inbox/x" is an inferior of INBOX.
        Assert.Equal("INBOX/x", (await Boxes.CreateMailboxAsync(alice.Id, "inbox/x")).Name);
        Assert.NotNull(await Boxes.GetStatusAsync(alice.Id, "Inbox/x"));
    }

    [Fact]
    public async Task Create_special_use_keeps_the_canonical_attribute_and_refuses_unknown_ones()
    {
        var flagged = await Boxes.CreateMailboxAsync(alice.Id, "Starred", @"\flagged");
        Assert.Equal(@"\Flagged", flagged.SpecialUse);
        Assert.Equal(MailStoreError.UseAttr, await RefusalAsync(() => Boxes.CreateMailboxAsync(alice.Id, "X", @"\Bogus")));
        Assert.Null(await Boxes.GetStatusAsync(alice.Id, "X"));
        var list = await Boxes.ListMailboxesAsync(alice.Id);
        Assert.Equal(@"\Sent", list.Single(e => e.Name == "Sent").SpecialUse);
    }

    [Fact]
    public async Task Uidvalidity_is_new_for_every_mailbox_and_a_recreated_name_never_gets_an_old_one()
    {
        var first = await Boxes.CreateMailboxAsync(alice.Id, "Box");
        await Boxes.DeleteMailboxAsync(alice.Id, "Box");
        var second = await Boxes.CreateMailboxAsync(alice.Id, "Box");
        Assert.True(second.UidValidity > first.UidValidity);
        Assert.NotEqual(first.ObjectId, second.ObjectId);
        var all = (await store.Mail.ListMailboxesAsync(alice.Id)).Select(m => m.UidValidity)
            .Concat((await store.Mail.ListMailboxesAsync(bob.Id)).Select(m => m.UidValidity)).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public async Task Delete_refuses_inbox_and_missing_names()
    {
        Assert.Equal(MailStoreError.Cannot, await RefusalAsync(() => Boxes.DeleteMailboxAsync(alice.Id, "inbox")));
        Assert.Equal(MailStoreError.NonExistent, await RefusalAsync(() => Boxes.DeleteMailboxAsync(alice.Id, "Nope")));
        // Bob's mailboxes are not alice's to delete.
        await Boxes.CreateMailboxAsync(bob.Id, "Bobs");
        Assert.Equal(MailStoreError.NonExistent, await RefusalAsync(() => Boxes.DeleteMailboxAsync(alice.Id, "Bobs")));
    }

    [Fact]
    public async Task Delete_removes_messages_and_unshared_blobs_keeps_inferiors_and_subscriptions()
    {
        await Boxes.CreateMailboxAsync(alice.Id, "Old/Child");
        await Boxes.SubscribeAsync(alice.Id, "Old");
        var big = await AppendAsync("Old", "big", size: 300_000);
        await AppendAsync("Old", "small");
        var kept = await AppendAsync("Old/Child", "kept", size: 300_000);
        var copied = await Boxes.CopyAsync(alice.Id, big.MailboxId, UidSet.Range(1, 1), "INBOX");
        Assert.Equal(2, test.BlobFiles().Count);
        var changes = Record(out var subscription);

        using (subscription)
            await Boxes.DeleteMailboxAsync(alice.Id, "Old");

        var change = Assert.Single(changes);
        Assert.Equal((StoreChangeKind.MailboxDeleted, big.MailboxId, "Old"), (change.Kind, change.MailboxId, change.MailboxName));
        Assert.Null(await Boxes.GetStatusAsync(alice.Id, "Old"));
        Assert.Null(await Boxes.GetMessagesAsync(alice.Id, big.MailboxId));
        // RFC 9051 §6.3.5: the inferior stays; the name is only implied now (\NonExistent), still subscribed.
        var old = (await Boxes.ListMailboxesAsync(alice.Id)).Single(e => e.Name == "Old");
        Assert.Equal(new MailboxListEntry("Old", null, null, null, Exists: false, HasChildren: true, Subscribed: true), old);
        Assert.Equal(1, (await StatusAsync(alice.Id, "Old/Child")).Messages);
        // The copy in INBOX still has its content; the small one's row and nothing else went.
        Assert.Equal(2, test.BlobFiles().Count);
        var inbox = (await Boxes.GetMessagesAsync(alice.Id, copied.TargetMailboxId))!;
        byte[] content = await TestStore.ReadAllAsync((await Boxes.OpenMessageAsync(alice.Id, inbox.Messages[0].MessageId))!);
        Assert.Equal(inbox.Messages[0].Size, content.Length);
        Assert.Contains("Subject: big", System.Text.Encoding.ASCII.GetString(content, 0, 300), StringComparison.Ordinal);
        Assert.Equal(2, test.Scalar("SELECT count(*) FROM blobs"));
        Assert.NotNull(kept);
    }

    [Fact]
    public async Task Deleting_a_mailbox_frees_its_content_files_when_nothing_else_uses_them()
    {
        await Boxes.CreateMailboxAsync(alice.Id, "Big");
        await AppendAsync("Big", "one", size: 300_000);
        await AppendAsync("Big", "two", size: 300_000);
        Assert.Equal(2, test.BlobFiles().Count);
        await Boxes.DeleteMailboxAsync(alice.Id, "Big");
        Assert.Empty(test.BlobFiles());
        Assert.Equal(0, test.Scalar("SELECT count(*) FROM blobs"));
        Assert.Equal(0, (await Boxes.GetQuotaAsync(alice.Id))!.Messages);
    }

    [Fact]
    public async Task Rename_takes_inferiors_along_and_keeps_ids_uidvalidity_messages_and_subscriptions()
    {
        await Boxes.CreateMailboxAsync(alice.Id, "A/B/C");
        await Boxes.CreateMailboxAsync(alice.Id, "AB"); // not an inferior of A despite the prefix
        await Boxes.SubscribeAsync(alice.Id, "A/B");
        var appended = await AppendAsync("A/B", "in b");
        var before = await StatusAsync(alice.Id, "A/B");
        var changes = Record(out var subscription);

        using (subscription)
            await Boxes.RenameMailboxAsync(alice.Id, "A", "X/Y");

        var names = (await Boxes.ListMailboxesAsync(alice.Id)).Select(e => e.Name).ToList();
        Assert.Contains("X/Y/B/C", names);
        Assert.Contains("AB", names);
        Assert.DoesNotContain("A", names);
        var after = await StatusAsync(alice.Id, "X/Y/B");
        Assert.Equal((before.MailboxId, before.ObjectId, before.UidValidity, before.UidNext, 1L),
            (after.MailboxId, after.ObjectId, after.UidValidity, after.UidNext, after.Messages));
        Assert.Equal(appended.MailboxId, after.MailboxId);
        var list = await Boxes.ListMailboxesAsync(alice.Id);
        Assert.True(list.Single(e => e.Name == "X/Y/B").Subscribed);
        Assert.DoesNotContain(list, e => e.Name == "A/B");
        // The superior "X" was created; each renamed mailbox was published with both names.
        Assert.True(list.Single(e => e.Name == "X").Exists);
        Assert.Contains(changes, c => c is { Kind: StoreChangeKind.MailboxCreated, MailboxName: "X" });
        Assert.Equal(["A/B/C -> X/Y/B/C", "A/B -> X/Y/B", "A -> X/Y"],
            changes.Where(c => c.Kind == StoreChangeKind.MailboxRenamed).Select(c => $"{c.OldMailboxName} -> {c.MailboxName}").OrderDescending());
    }

    [Fact]
    public async Task Rename_refuses_missing_sources_taken_targets_and_moves_under_itself()
    {
        await Boxes.CreateMailboxAsync(alice.Id, "P/Q");
        await Boxes.CreateMailboxAsync(alice.Id, "R/Q");
        Assert.Equal(MailStoreError.NonExistent, await RefusalAsync(() => Boxes.RenameMailboxAsync(alice.Id, "Nope", "New")));
        Assert.Equal(MailStoreError.AlreadyExists, await RefusalAsync(() => Boxes.RenameMailboxAsync(alice.Id, "P", "Sent")));
        Assert.Equal(MailStoreError.AlreadyExists, await RefusalAsync(() => Boxes.RenameMailboxAsync(alice.Id, "P", "INBOX")));
        Assert.Equal(MailStoreError.Cannot, await RefusalAsync(() => Boxes.RenameMailboxAsync(alice.Id, "P", "P/Q/Z")));
        // An inferior's new name is taken: nothing at all is renamed.
        await Boxes.CreateMailboxAsync(alice.Id, "S/Q");
        await Boxes.DeleteMailboxAsync(alice.Id, "S");
        Assert.Equal(MailStoreError.AlreadyExists, await RefusalAsync(() => Boxes.RenameMailboxAsync(alice.Id, "P", "S")));
        Assert.NotNull(await Boxes.GetStatusAsync(alice.Id, "P/Q"));
        Assert.Null(await Boxes.GetStatusAsync(alice.Id, "S"));
    }

    [Fact]
    public async Task Renaming_inbox_moves_its_messages_to_a_new_mailbox_and_leaves_it_empty_with_its_inferiors()
    {
        await Boxes.CreateMailboxAsync(alice.Id, "INBOX/Sub");
        var one = await AppendAsync("INBOX", "one", MessageFlags.Seen, ["$Important"]);
        await AppendAsync("INBOX", "two");
        var inboxBefore = await StatusAsync(alice.Id, "INBOX");
        var changes = Record(out var subscription);

        using (subscription)
            await Boxes.RenameMailboxAsync(alice.Id, "INBOX", "Old Mail");

        var inbox = await StatusAsync(alice.Id, "INBOX");
        Assert.Equal((inboxBefore.MailboxId, inboxBefore.UidValidity, inboxBefore.UidNext, 0L),
            (inbox.MailboxId, inbox.UidValidity, inbox.UidNext, inbox.Messages));
        var moved = await StatusAsync(alice.Id, "Old Mail");
        Assert.NotEqual(inbox.UidValidity, moved.UidValidity);
        var messages = (await Boxes.GetMessagesAsync(alice.Id, moved.MailboxId))!.Messages;
        Assert.Equal([1L, 2L], messages.Select(m => m.Uid));
        Assert.Equal(MessageFlags.Seen, messages[0].Flags);
        Assert.Equal(["$Important"], messages[0].Keywords);
        Assert.Equal(one.EmailId, messages[0].EmailId);
        Assert.NotNull(await Boxes.GetStatusAsync(alice.Id, "INBOX/Sub"));
        Assert.Equal(2, changes.Count(c => c.Kind == StoreChangeKind.MessageExpunged && c.MailboxId == inbox.MailboxId));
        // New mail still lands in INBOX, with UIDs that go on from before.
        Assert.Equal(3, (await AppendAsync("INBOX", "three")).Uid);
    }

    [Fact]
    public async Task Subscriptions_are_names_and_may_name_nothing()
    {
        Assert.True(await Boxes.SubscribeAsync(alice.Id, "Ghost/Town"));
        Assert.False(await Boxes.SubscribeAsync(alice.Id, "Ghost/Town"));
        Assert.False(await Boxes.UnsubscribeAsync(alice.Id, "Never"));
        var list = await Boxes.ListMailboxesAsync(alice.Id);
        Assert.Equal(new MailboxListEntry("Ghost/Town", null, null, null, false, false, true), list.Single(e => e.Name == "Ghost/Town"));
        Assert.DoesNotContain(list, e => e.Name == "Ghost"); // subscriptions imply no parents
        // A new user's mailboxes are subscribed.
        Assert.All(list.Where(e => e.Exists), e => Assert.True(e.Subscribed));
        Assert.True(await Boxes.UnsubscribeAsync(alice.Id, "Sent"));
        Assert.False((await Boxes.ListMailboxesAsync(alice.Id)).Single(e => e.Name == "Sent").Subscribed);
        // Another user's subscriptions are their own.
        Assert.DoesNotContain(await Boxes.ListMailboxesAsync(bob.Id), e => e.Name == "Ghost/Town");
    }

    [Fact]
    public async Task Status_counts_messages_unseen_deleted_and_size_as_they_change()
    {
        var a = await AppendAsync("INBOX", "a", MessageFlags.Seen, size: 100);
        await AppendAsync("INBOX", "b", MessageFlags.Deleted, size: 200);
        await AppendAsync("INBOX", "c", size: 300);
        var status = await StatusAsync(alice.Id, "INBOX");
        long total = (await Boxes.GetMessagesAsync(alice.Id, a.MailboxId))!.Messages.Sum(m => m.Size);
        Assert.Equal((3L, 2L, 1L, total, 4L), (status.Messages, status.Unseen, status.Deleted, status.Size, status.UidNext));

        await Boxes.StoreFlagsAsync(alice.Id, a.MailboxId, UidSet.Range(1, 3), new FlagChange(FlagOperation.Add, MessageFlags.Seen | MessageFlags.Deleted));
        status = await StatusAsync(alice.Id, "INBOX");
        Assert.Equal((0L, 3L), (status.Unseen, status.Deleted));
        await Boxes.ExpungeAsync(alice.Id, a.MailboxId, UidSet.Range(2, 3));
        status = await StatusAsync(alice.Id, "INBOX");
        Assert.Equal((1L, 0L, 1L), (status.Messages, status.Unseen, status.Deleted));
        Assert.Equal(status, await Boxes.GetStatusAsync(alice.Id, a.MailboxId));
        Assert.Null(await Boxes.GetStatusAsync(bob.Id, a.MailboxId));
    }
}
