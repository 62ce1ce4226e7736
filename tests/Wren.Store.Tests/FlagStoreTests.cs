using Wren.Store.Messages;

namespace Wren.Store.Tests;

/// <summary>STORE with CONDSTORE (RFC 9051 §6.4.6, RFC 7162 §3.1), keywords, and concurrent sessions.</summary>
public sealed class FlagStoreTests : MailboxStoreTestBase
{
    [Fact]
    public async Task Set_add_and_remove_change_flags_and_keywords_with_one_new_modseq_published_per_message()
    {
        long inbox = await FillInboxAsync(3);
        long before = (await StatusAsync(alice.Id, "INBOX")).HighestModSeq;
        var changes = Record(out var subscription);
        StoreFlagsResult added;
        using (subscription)
            added = await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Range(1, 2), new FlagChange(FlagOperation.Add, MessageFlags.Seen, ["$Work"]));

        Assert.Equal(before + 1, added.HighestModSeq);
        Assert.Equal(
            [new MessageFlagState(1, MessageFlags.Seen, ["$Work"], before + 1), new MessageFlagState(2, MessageFlags.Seen, ["$Work"], before + 1)],
            added.Changed.Select(c => c with { Keywords = [.. c.Keywords] }), new FlagStateComparer());
        Assert.Empty(added.Unchanged);
        Assert.Equal([1L, 2L], changes.Select(c => c.Uid));
        Assert.All(changes, c => Assert.Equal((StoreChangeKind.FlagsChanged, before + 1, MessageFlags.Seen, "$Work"),
            (c.Kind, c.ModSeq, c.Flags!.Value, Assert.Single(c.Keywords!))));

        var set = await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Range(2, 3), new FlagChange(FlagOperation.Set, MessageFlags.Flagged | MessageFlags.Answered));
        Assert.Equal([2L, 3L], set.Changed.Select(c => c.Uid));
        Assert.All(set.Changed, c => Assert.Empty(c.Keywords));
        var removed = await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.All, new FlagChange(FlagOperation.Remove, MessageFlags.Answered, ["$work"]));
        Assert.Equal([1L, 2L, 3L], removed.Changed.Select(c => c.Uid)); // 1 loses $Work (any case), 2 and 3 lose \Answered

        var messages = (await Boxes.GetMessagesAsync(alice.Id, inbox))!.Messages;
        Assert.Equal([MessageFlags.Seen, MessageFlags.Flagged, MessageFlags.Flagged], messages.Select(m => m.Flags));
        Assert.All(messages, m => Assert.Empty(m.Keywords));
        Assert.All(messages, m => Assert.Equal(removed.HighestModSeq, m.ModSeq));
    }

    [Fact]
    public async Task A_store_that_changes_nothing_takes_no_modseq_and_reports_the_current_state()
    {
        long inbox = await FillInboxAsync(2, MessageFlags.Seen);
        var status = await StatusAsync(alice.Id, "INBOX");
        var result = await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.All, new FlagChange(FlagOperation.Add, MessageFlags.Seen));
        Assert.Empty(result.Changed);
        Assert.Equal([1L, 2L], result.Unchanged.Select(u => u.Uid));
        Assert.All(result.Unchanged, u => Assert.Equal(MessageFlags.Seen, u.Flags));
        Assert.Equal(status.HighestModSeq, result.HighestModSeq);
        Assert.Equal(status.HighestModSeq, (await StatusAsync(alice.Id, "INBOX")).HighestModSeq);
        // UIDs that do not exist are ignored.
        var none = await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Range(50, 60), new FlagChange(FlagOperation.Add, MessageFlags.Flagged));
        Assert.Empty(none.Changed);
        Assert.Empty(none.Unchanged);
    }

    [Fact]
    public async Task Unchangedsince_leaves_messages_changed_later_alone_and_reports_them_as_modified()
    {
        long inbox = await FillInboxAsync(3);
        var messages = (await Boxes.GetMessagesAsync(alice.Id, inbox))!.Messages;
        long seen = messages.Max(m => m.ModSeq);
        // Another session changes message 2 after our client last looked.
        await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Range(2, 2), new FlagChange(FlagOperation.Add, MessageFlags.Flagged));

        var result = await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.All, new FlagChange(FlagOperation.Add, MessageFlags.Deleted), unchangedSince: seen);
        Assert.Equal([2L], result.Modified);
        Assert.Equal([1L, 3L], result.Changed.Select(c => c.Uid));
        var after = (await Boxes.GetMessagesAsync(alice.Id, inbox))!.Messages;
        Assert.Equal(MessageFlags.Flagged, after[1].Flags);

        // RFC 7162 §3.1.3: UNCHANGEDSINCE 0 always fails, even where the change would be a no-op.
        var zero = await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.All, new FlagChange(FlagOperation.Add, MessageFlags.Deleted), unchangedSince: 0);
        Assert.Equal([1L, 2L, 3L], zero.Modified);
        Assert.Empty(zero.Changed);
        Assert.Empty(zero.Unchanged);
    }

    [Fact]
    public async Task Keywords_compare_case_insensitively_keep_the_mailbox_spelling_and_are_listed_per_mailbox()
    {
        long inbox = await FillInboxAsync(2);
        await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Range(1, 1), new FlagChange(FlagOperation.Add, MessageFlags.None, ["$Forwarded", "NonJunk"]));
        var second = await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Range(2, 2), new FlagChange(FlagOperation.Add, MessageFlags.None, ["$FORWARDED", "$forwarded"]));
        Assert.Equal(["$Forwarded"], second.Changed[0].Keywords);
        var again = await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Range(1, 1), new FlagChange(FlagOperation.Add, MessageFlags.None, ["nonjunk"]));
        Assert.Empty(again.Changed);
        Assert.Equal(["$Forwarded", "NonJunk"], await Boxes.GetKeywordsAsync(alice.Id, inbox));
        Assert.Empty(await Boxes.GetKeywordsAsync(alice.Id, (await StatusAsync(alice.Id, "Sent")).MailboxId));
        Assert.Empty(await Boxes.GetKeywordsAsync(bob.Id, inbox));
        // Keywords stay listed for PERMANENTFLAGS after the last message drops them.
        await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.All, new FlagChange(FlagOperation.Set, MessageFlags.None));
        Assert.Equal(2, (await Boxes.GetKeywordsAsync(alice.Id, inbox)).Count);
    }

    [Fact]
    public async Task Bad_keywords_and_foreign_mailboxes_are_refused_without_changing_anything()
    {
        long inbox = await FillInboxAsync(1);
        foreach (string bad in new[] { "", "has space", "\\Seen", "paren(", "quote\"", "brace{", "star*", "wild%", "bracket]", "ünïcode" })
        {
            Assert.Equal(MailStoreError.InvalidKeyword, await RefusalAsync(() =>
                Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.All, new FlagChange(FlagOperation.Add, MessageFlags.Seen, [bad]))));
        }
        Assert.Equal(MailStoreError.NonExistent, await RefusalAsync(() =>
            Boxes.StoreFlagsAsync(bob.Id, inbox, UidSet.All, new FlagChange(FlagOperation.Add, MessageFlags.Seen))));
        Assert.Equal(MessageFlags.None, (await Boxes.GetMessagesAsync(alice.Id, inbox))!.Messages[0].Flags);
    }

    [Fact]
    public async Task Concurrent_stores_and_expunges_from_two_sessions_never_lose_a_change_and_modseq_only_grows()
    {
        long inbox = await FillInboxAsync(40);
        var changes = Record(out var subscription);
        using (subscription)
        {
            // Session 1 adds \Answered to every message one by one while session 2 removes \Seen from all
            // repeatedly, flags even UIDs \Deleted and expunges them: neither overwrites the other's flags.
            var session1 = Task.Run(async () =>
            {
                for (long uid = 1; uid <= 40; uid++)
                    await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Range(uid, uid), new FlagChange(FlagOperation.Add, MessageFlags.Answered, ["$one"]));
            });
            var session2 = Task.Run(async () =>
            {
                for (int round = 0; round < 10; round++)
                {
                    await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.All, new FlagChange(FlagOperation.Add, MessageFlags.Seen, ["$two"]));
                    await Boxes.StoreFlagsAsync(alice.Id, inbox, UidSet.Of(Enumerable.Range(1, 20).Select(i => (long)i * 2)),
                        new FlagChange(FlagOperation.Add, MessageFlags.Deleted));
                    await Boxes.ExpungeAsync(alice.Id, inbox);
                }
            });
            await Task.WhenAll(session1, session2);
        }

        var messages = (await Boxes.GetMessagesAsync(alice.Id, inbox))!.Messages;
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i * 2 + 1), messages.Select(m => m.Uid));
        Assert.All(messages, m => Assert.Equal(MessageFlags.Answered | MessageFlags.Seen, m.Flags));
        Assert.All(messages, m => Assert.Equal(["$one", "$two"], m.Keywords.Order()));
        // Published in commit order, with MODSEQs that never go back.
        var modSeqs = changes.Select(c => c.ModSeq).ToList();
        Assert.Equal(modSeqs.Order(), modSeqs);
        var status = await StatusAsync(alice.Id, "INBOX");
        Assert.Equal(changes[^1].ModSeq, status.HighestModSeq);
        Assert.Equal((20L, 0L, 0L), (status.Messages, status.Unseen, status.Deleted));
        Assert.Equal(20, changes.Count(c => c.Kind == StoreChangeKind.MessageExpunged));
        Assert.Equal(41, status.UidNext);
    }

    private sealed class FlagStateComparer : IEqualityComparer<MessageFlagState>
    {
        public bool Equals(MessageFlagState? x, MessageFlagState? y) =>
            x is not null && y is not null && x.Uid == y.Uid && x.Flags == y.Flags && x.ModSeq == y.ModSeq && x.Keywords.SequenceEqual(y.Keywords);

        public int GetHashCode(MessageFlagState obj) => obj.Uid.GetHashCode();
    }
}
