using Wren.Store.Messages;

namespace Wren.Store.Tests;

/// <summary>RFC 9208 QUOTA: usage kept in every transaction, per-user and default limits, enforcement.</summary>
public sealed class QuotaTests : MailboxStoreTestBase
{
    [Fact]
    public async Task Usage_follows_every_way_messages_come_and_go()
    {
        Assert.Equal(new QuotaUsage(0, 0, QuotaLimits.Unlimited, false), await Boxes.GetQuotaAsync(alice.Id));
        var a = await AppendAsync("INBOX", "a", size: 1000);
        var b = await test.DeliverAsync(store, TestStore.Message("b", 2000), alice.Id, bob.Id);
        await Boxes.CopyAsync(alice.Id, a.MailboxId, UidSet.All, "Archive");
        long sizes = (await Boxes.GetMessagesAsync(alice.Id, a.MailboxId))!.Messages.Sum(m => m.Size)
            + (await Boxes.GetMessagesAsync(alice.Id, (await StatusAsync(alice.Id, "Archive")).MailboxId))!.Messages.Sum(m => m.Size);
        var usage = (await Boxes.GetQuotaAsync(alice.Id))!;
        Assert.Equal((sizes, 4L), (usage.StorageBytes, usage.Messages));
        Assert.Equal(1L, (await Boxes.GetQuotaAsync(bob.Id))!.Messages);

        await Boxes.MoveAsync(alice.Id, a.MailboxId, UidSet.Range(1, 1), "Trash");
        Assert.Equal((sizes, 4L), ((await Boxes.GetQuotaAsync(alice.Id))!.StorageBytes, (await Boxes.GetQuotaAsync(alice.Id))!.Messages));
        await store.Mail.ExpungeAsync(alice.Id, a.MailboxId, [b.Messages[0].MessageId]);
        await Boxes.DeleteMailboxAsync(alice.Id, "Trash");
        usage = (await Boxes.GetQuotaAsync(alice.Id))!;
        Assert.Equal(2L, usage.Messages); // the two copies in Archive
        Assert.Equal((await StatusAsync(alice.Id, "Archive")).Size, usage.StorageBytes);
        Assert.Null(await Boxes.GetQuotaAsync(999));
    }

    [Fact]
    public async Task Append_and_copy_are_refused_when_they_would_exceed_a_limit_and_store_nothing()
    {
        var first = await AppendAsync("INBOX", "first", size: 1000);
        long used = (await Boxes.GetQuotaAsync(alice.Id))!.StorageBytes;
        Assert.True(await Boxes.SetQuotaAsync(alice.Id, new QuotaLimits(used + 1500, null)));
        Assert.Equal(new QuotaUsage(used, 1, new QuotaLimits(used + 1500, null), true), await Boxes.GetQuotaAsync(alice.Id));

        var over = await Assert.ThrowsAsync<QuotaExceededException>(() => AppendAsync("INBOX", "too big", size: 2000));
        Assert.Equal((MailStoreError.OverQuota, QuotaExceededException.Storage, used, used + 1500, false),
            (over.Error, over.Resource, over.Usage, over.Limit, over.NeverFits));
        Assert.Equal(1, (await StatusAsync(alice.Id, "INBOX")).Messages);
        Assert.Equal(1, test.Scalar("SELECT count(*) FROM blobs"));
        // COPY of the one message (about 1,200 octets) fits; a second copy does not.
        await Boxes.CopyAsync(alice.Id, first.MailboxId, UidSet.All, "Archive");
        await Assert.ThrowsAsync<QuotaExceededException>(() => Boxes.CopyAsync(alice.Id, first.MailboxId, UidSet.All, "Archive"));
        Assert.Equal(1, (await StatusAsync(alice.Id, "Archive")).Messages);

        // MESSAGE limit.
        await Boxes.SetQuotaAsync(alice.Id, new QuotaLimits(null, 2));
        var count = await Assert.ThrowsAsync<QuotaExceededException>(() => AppendAsync("INBOX", "third"));
        Assert.Equal(QuotaExceededException.MessageCount, count.Resource);
        // A message larger than the whole limit can never fit.
        await Boxes.SetQuotaAsync(alice.Id, new QuotaLimits(100, null));
        Assert.True((await Assert.ThrowsAsync<QuotaExceededException>(() => AppendAsync("INBOX", "huge", size: 500))).NeverFits);
    }

    [Fact]
    public async Task The_server_default_applies_to_users_without_their_own_limits_and_null_restores_it()
    {
        Boxes.DefaultQuota = new QuotaLimits(null, 1);
        await AppendAsync("INBOX", "one");
        await Assert.ThrowsAsync<QuotaExceededException>(() => AppendAsync("INBOX", "two"));
        Assert.Equal(new QuotaUsage((await StatusAsync(alice.Id, "INBOX")).Size, 1, new QuotaLimits(null, 1), false), await Boxes.GetQuotaAsync(alice.Id));
        // Bob has his own, unlimited.
        await Boxes.SetQuotaAsync(bob.Id, QuotaLimits.Unlimited);
        await AppendAsync("INBOX", "b1", userId: bob.Id);
        await AppendAsync("INBOX", "b2", userId: bob.Id);
        await Boxes.SetQuotaAsync(bob.Id, null);
        await Assert.ThrowsAsync<QuotaExceededException>(() => AppendAsync("INBOX", "b3", userId: bob.Id));
        Assert.False(await Boxes.SetQuotaAsync(999, null));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Boxes.SetQuotaAsync(alice.Id, new QuotaLimits(-1, null)));
    }

    [Fact]
    public async Task Delivery_holds_only_recipients_already_at_their_limit_and_leaves_others_alone()
    {
        await Boxes.SetQuotaAsync(alice.Id, new QuotaLimits(5000, null));
        // Below the limit, the message that crosses it is accepted (BelowLimit: SMTP delivery).
        await DeliverAsync(QuotaEnforcement.BelowLimit, 8000, alice.Id);
        Assert.True((await Boxes.GetQuotaAsync(alice.Id))!.StorageBytes > 5000);
        // Now alice is over: a delivery to her and bob is refused whole, nothing stored for either.
        var refused = await Assert.ThrowsAsync<QuotaExceededException>(() => DeliverAsync(QuotaEnforcement.BelowLimit, 100, alice.Id, bob.Id));
        Assert.Equal(alice.Id, refused.UserId);
        Assert.Equal(0, (await StatusAsync(bob.Id, "INBOX")).Messages);
        // Bounces and Sent copies (QuotaEnforcement.None) still land.
        await DeliverAsync(QuotaEnforcement.None, 100, alice.Id);
        Assert.Equal(2, (await StatusAsync(alice.Id, "INBOX")).Messages);
        // Strict refuses what would cross.
        await Boxes.SetQuotaAsync(bob.Id, new QuotaLimits(1000, null));
        await Assert.ThrowsAsync<QuotaExceededException>(() => DeliverAsync(QuotaEnforcement.Strict, 2000, bob.Id));
    }

    [Fact]
    public async Task Concurrent_appends_never_overshoot_a_strict_limit()
    {
        await Boxes.SetQuotaAsync(alice.Id, new QuotaLimits(null, 10));
        var attempts = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            try
            {
                await AppendAsync("INBOX", $"m{i}");
                return true;
            }
            catch (QuotaExceededException)
            {
                return false;
            }
        }));
        Assert.Equal(10, attempts.Count(ok => ok));
        Assert.Equal(10, (await StatusAsync(alice.Id, "INBOX")).Messages);
        Assert.Equal(10, (await Boxes.GetQuotaAsync(alice.Id))!.Messages);
    }

    private async Task<CommitResult> DeliverAsync(QuotaEnforcement quota, int size, params long[] users)
    {
        await using var spool = await TestStore.SpoolAsync(store.Mail, TestStore.Message("delivery", size));
        return await store.Mail.CommitAsync(new AcceptedMessage(spool, users.Select(u => new MailboxDelivery(u) { Quota = quota }).ToList(), null,
            test.Time.GetUtcNow()));
    }
}
