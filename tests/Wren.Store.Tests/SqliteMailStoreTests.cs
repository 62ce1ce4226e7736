using System.Text;
using Microsoft.Data.Sqlite;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Store.Accounts;
using Wren.Store.Messages;
using Wren.Store.Sqlite;

namespace Wren.Store.Tests;

public sealed class SqliteMailStoreTests : AliceAndBobStore
{
    [Fact]
    public async Task A_small_message_is_stored_inline_and_read_back_byte_identical()
    {
        byte[] content = TestStore.Message("small", 4000);
        var result = await test.DeliverAsync(store, content, alice.Id);

        var stored = Assert.Single(result.Messages);
        Assert.Equal(1, stored.Uid);
        Assert.Equal(2, stored.ModSeq);
        Assert.Null(result.QueueId);
        Assert.Equal(content, await TestStore.ReadAllAsync((await store.Mail.OpenMessageAsync(alice.Id, stored.MessageId))!));
        Assert.Empty(test.BlobFiles());
        Assert.Equal(1, test.Scalar("SELECT count(*) FROM blobs WHERE data IS NOT NULL"));
    }

    [Fact]
    public async Task A_large_message_goes_to_a_file_and_is_read_back_byte_identical()
    {
        byte[] content = TestStore.Message("large", 3 * 1024 * 1024);
        await using var spool = await TestStore.SpoolAsync(store.Mail, content);
        Assert.Equal(content.Length, spool.Length);
        Assert.Single(test.BlobFiles()); // spilled while being written

        var result = await store.Mail.CommitAsync(new AcceptedMessage(spool, [new MailboxDelivery(alice.Id)], null, test.Time.GetUtcNow()));

        string file = Assert.Single(test.BlobFiles());
        Assert.Matches("^[0-9a-f]{2}/[0-9a-f]{32}$", file);
        Assert.Equal(1, test.Scalar($"SELECT count(*) FROM blobs WHERE path = '{file}' AND data IS NULL AND size = {content.Length}"));
        await using var stream = (await store.Mail.OpenMessageAsync(alice.Id, result.Messages[0].MessageId))!;
        Assert.IsType<FileStream>(stream);
        Assert.Equal(content, await TestStore.ReadAllAsync(stream));
    }

    [Fact]
    public async Task A_message_exactly_at_the_threshold_stays_inline_and_one_byte_more_spills()
    {
        var atThreshold = await TestStore.SpoolAsync(store.Mail, new byte[SqliteMailStore.SpillThreshold]);
        Assert.Empty(test.BlobFiles());
        await atThreshold.Content.WriteAsync(new byte[1]);
        Assert.Single(test.BlobFiles());
        await atThreshold.DisposeAsync();
        Assert.Empty(test.BlobFiles());
    }

    [Fact]
    public async Task An_empty_message_can_be_stored()
    {
        var result = await test.DeliverAsync(store, [], alice.Id);
        Assert.Empty(await TestStore.ReadAllAsync((await store.Mail.OpenMessageAsync(alice.Id, result.Messages[0].MessageId))!));
    }

    [Fact]
    public async Task A_message_for_several_recipients_shares_one_blob()
    {
        byte[] content = TestStore.Message("to many", 500_000);
        await using var spool = await TestStore.SpoolAsync(store.Mail, content);
        var outbound = new Envelope
        {
            Sender = EmailAddress.Parse("alice@example.com"),
            Recipients = [new EnvelopeRecipient(EmailAddress.Parse("carol@partner.net"))],
        };
        var result = await store.Mail.CommitAsync(new AcceptedMessage(spool,
            [new MailboxDelivery(alice.Id, "Sent", MessageFlags.Seen), new MailboxDelivery(bob.Id)], outbound, test.Time.GetUtcNow()));

        Assert.Equal(2, result.Messages.Count);
        Assert.NotNull(result.QueueId);
        Assert.Single(test.BlobFiles());
        Assert.Equal(1, test.Scalar("SELECT count(*) FROM blobs"));
        Assert.Equal(1, test.Scalar("SELECT count(DISTINCT blob_id) FROM (SELECT blob_id FROM messages UNION ALL SELECT blob_id FROM queue)"));
        Assert.Equal(content, await TestStore.ReadAllAsync((await store.Mail.OpenMessageAsync(alice.Id, result.Messages[0].MessageId))!));
        Assert.Equal(content, await TestStore.ReadAllAsync((await store.Mail.OpenMessageAsync(bob.Id, result.Messages[1].MessageId))!));

        var sent = Assert.Single(await store.Mail.ListMessagesAsync(alice.Id, "Sent"));
        Assert.Equal(MessageFlags.Seen, sent.Flags);
    }

    [Fact]
    public async Task A_message_belongs_to_its_user_only()
    {
        var result = await test.DeliverAsync(store, TestStore.Message("private"), alice.Id);
        Assert.Null(await store.Mail.OpenMessageAsync(bob.Id, result.Messages[0].MessageId));
        Assert.Null(await store.Mail.OpenMessageAsync(alice.Id, 12345));
    }

    [Fact]
    public async Task Listing_gives_newest_first_with_mailbox_and_header_fields_decoded()
    {
        byte[] first = TestStore.Message("=?UTF-8?B?w6l0w6k=?=", from: "=?ISO-8859-1?Q?Andr=E9?= <andre@example.org>", messageId: "one@example.org");
        await test.DeliverAsync(store, first, alice.Id);
        test.Time.Advance(TimeSpan.FromMinutes(1));
        await using (var spool = await TestStore.SpoolAsync(store.Mail, TestStore.Message("second")))
        {
            await store.Mail.CommitAsync(new AcceptedMessage(spool, [new MailboxDelivery(alice.Id, "Junk")], null,
                test.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(2))));
        }
        // "inbox" names INBOX in any case (RFC 9051 §5.1); other names are exact.
        await using (var spool = await TestStore.SpoolAsync(store.Mail, TestStore.Message("third")))
            await store.Mail.CommitAsync(new AcceptedMessage(spool, [new MailboxDelivery(alice.Id, "inbox")], null, test.Time.GetUtcNow()));

        var all = await store.Mail.ListMessagesAsync(alice.Id);
        Assert.Equal(["third", "second", "été"], all.Select(m => m.Subject));
        Assert.Equal(["INBOX", "Junk", "INBOX"], all.Select(m => m.Mailbox));
        var oldest = all[2];
        Assert.Equal("André <andre@example.org>", oldest.From);
        Assert.Equal("one@example.org", oldest.MessageIdHeader);
        Assert.Equal(first.Length, oldest.Size);
        Assert.Equal(test.Time.GetUtcNow().AddMinutes(-1), oldest.InternalDate);
        Assert.Equal(TimeSpan.FromHours(2), all[1].InternalDate.Offset);

        Assert.Equal(["third", "été"], (await store.Mail.ListMessagesAsync(alice.Id, "inbox")).Select(m => m.Subject));
        Assert.Empty(await store.Mail.ListMessagesAsync(alice.Id, "Trash"));
        Assert.Empty(await store.Mail.ListMessagesAsync(bob.Id));

        var boxes = await store.Mail.ListMailboxesAsync(alice.Id);
        Assert.Equal(2, boxes.Single(b => b.Name == "INBOX").MessageCount);
        Assert.Equal(3, boxes.Single(b => b.Name == "INBOX").UidNext);
        Assert.Equal(3, boxes.Single(b => b.Name == "INBOX").HighestModSeq);
        Assert.Equal(1, boxes.Single(b => b.Name == "Junk").MessageCount);
    }

    [Fact]
    public async Task A_message_without_headers_is_stored_with_empty_fields()
    {
        var result = await test.DeliverAsync(store, Encoding.ASCII.GetBytes("just some text\r\nwithout any header\r\n"), alice.Id);
        var listed = Assert.Single(await store.Mail.ListMessagesAsync(alice.Id));
        Assert.Equal(result.Messages[0].MessageId, listed.Id);
        Assert.Null(listed.Subject);
    }

    [Fact]
    public async Task Outbound_messages_are_queued_with_their_whole_envelope()
    {
        var envelope = new Envelope
        {
            Sender = EmailAddress.Parse("alice@example.com"),
            Recipients =
            [
                new EnvelopeRecipient(EmailAddress.Parse("carol@partner.net"), DsnNotify.Success | DsnNotify.Failure,
                    new OriginalRecipient("rfc822", "carol@partner.net")),
                new EnvelopeRecipient(EmailAddress.Parse("\"dave smith\"@partner.net"), DsnNotify.Never),
            ],
            Body = BodyType.EightBitMime,
            SmtpUtf8 = true,
            Return = DsnReturn.Headers,
            EnvelopeId = "QQ314159",
        };
        byte[] content = TestStore.Message("out");
        await using var spool = await TestStore.SpoolAsync(store.Mail, content);
        var result = await store.Mail.CommitAsync(new AcceptedMessage(spool, [], envelope, test.Time.GetUtcNow()));

        Assert.Empty(result.Messages);
        var queued = Assert.Single(await store.Queue.ListAsync());
        Assert.Equal(result.QueueId, queued.Id);
        Assert.Equal(content.Length, queued.Size);
        Assert.Equal(test.Time.GetUtcNow(), queued.QueuedAt);
        Assert.Equal(envelope.Sender, queued.Envelope.Sender);
        Assert.Equal(envelope.Recipients, queued.Envelope.Recipients);
        Assert.Equal(envelope with { Recipients = queued.Envelope.Recipients }, queued.Envelope);
        Assert.Equal(2, test.Scalar($"SELECT count(*) FROM queue_recipients WHERE queue_id = {queued.Id} AND status = 'pending'"));
    }

    [Fact]
    public async Task A_null_sender_and_no_outbound_recipients_are_handled()
    {
        await using var spool = await TestStore.SpoolAsync(store.Mail, TestStore.Message("bounce"));
        var result = await store.Mail.CommitAsync(new AcceptedMessage(spool, [new MailboxDelivery(alice.Id)], new Envelope(), test.Time.GetUtcNow()));
        Assert.Null(result.QueueId);
        Assert.Empty(await store.Queue.ListAsync());

        await using var bounce = await TestStore.SpoolAsync(store.Mail, TestStore.Message("bounce"));
        var envelope = new Envelope { Recipients = [new EnvelopeRecipient(EmailAddress.Parse("x@partner.net"))] };
        await store.Mail.CommitAsync(new AcceptedMessage(bounce, [], envelope, test.Time.GetUtcNow()));
        Assert.Null(Assert.Single(await store.Queue.ListAsync()).Envelope.Sender);
    }

    [Fact]
    public async Task A_delivery_to_a_missing_mailbox_fails_that_commit_only_and_the_spool_can_be_retried()
    {
        await using var bad = await TestStore.SpoolAsync(store.Mail, TestStore.Message("bad"));
        var badCommit = store.Mail.CommitAsync(new AcceptedMessage(bad,
            [new MailboxDelivery(alice.Id), new MailboxDelivery(alice.Id, "No such folder")], null, test.Time.GetUtcNow()));
        var good = test.DeliverAsync(store, TestStore.Message("good"), bob.Id);

        await Assert.ThrowsAsync<MailStoreException>(() => badCommit);
        Assert.Single((await good).Messages);
        Assert.Empty(await store.Mail.ListMessagesAsync(alice.Id));

        var retried = await store.Mail.CommitAsync(new AcceptedMessage(bad, [new MailboxDelivery(alice.Id)], null, test.Time.GetUtcNow()));
        Assert.Equal(1, retried.Messages[0].Uid);
    }

    [Fact]
    public async Task A_database_error_fails_the_batch_and_the_writer_keeps_running()
    {
        test.Execute("DROP TABLE queue_recipients");
        await using var spool = await TestStore.SpoolAsync(store.Mail, TestStore.Message("doomed"));
        var outbound = new Envelope { Recipients = [new EnvelopeRecipient(EmailAddress.Parse("x@partner.net"))] };

        await Assert.ThrowsAsync<SqliteException>(() =>
            store.Mail.CommitAsync(new AcceptedMessage(spool, [new MailboxDelivery(alice.Id)], outbound, test.Time.GetUtcNow())));
        Assert.Empty(await store.Mail.ListMessagesAsync(alice.Id));
        Assert.Equal(1, (await store.Mail.ListMailboxesAsync(alice.Id))[0].UidNext);

        var next = await test.DeliverAsync(store, TestStore.Message("fine"), alice.Id);
        Assert.Equal(1, next.Messages[0].Uid);
    }

    [Fact]
    public async Task A_spool_is_committed_once_and_its_content_is_frozen()
    {
        await using var spool = await TestStore.SpoolAsync(store.Mail, TestStore.Message("once"));
        var message = new AcceptedMessage(spool, [new MailboxDelivery(alice.Id)], null, test.Time.GetUtcNow());
        await store.Mail.CommitAsync(message);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Mail.CommitAsync(message));
        await Assert.ThrowsAsync<InvalidOperationException>(() => spool.Content.WriteAsync(new byte[1]).AsTask());
    }

    [Fact]
    public async Task A_spool_from_another_store_or_a_disposed_one_is_refused()
    {
        await using var other = await SqliteStore.OpenAsync(Path.Combine(test.Folder, "other"));
        await using var foreign = other.Mail.CreateSpool();
        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.Mail.CommitAsync(new AcceptedMessage(foreign, [new MailboxDelivery(alice.Id)], null, test.Time.GetUtcNow())));

        var disposed = store.Mail.CreateSpool();
        await disposed.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() =>
            store.Mail.CommitAsync(new AcceptedMessage(disposed, [new MailboxDelivery(alice.Id)], null, test.Time.GetUtcNow())));
    }

    [Fact]
    public async Task A_cancelled_commit_stores_nothing_and_the_spool_stays_usable()
    {
        await using var spool = await TestStore.SpoolAsync(store.Mail, TestStore.Message("later"));
        var message = new AcceptedMessage(spool, [new MailboxDelivery(alice.Id)], null, test.Time.GetUtcNow());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Mail.CommitAsync(message, new CancellationToken(canceled: true)));
        Assert.Empty(await store.Mail.ListMessagesAsync(alice.Id));
        Assert.Single((await store.Mail.CommitAsync(message)).Messages);
    }

    [Fact]
    public async Task A_message_with_nowhere_to_go_stores_nothing()
    {
        await using var spool = await TestStore.SpoolAsync(store.Mail, TestStore.Message("void"));
        var result = await store.Mail.CommitAsync(new AcceptedMessage(spool, [], null, test.Time.GetUtcNow()));
        Assert.Empty(result.Messages);
        Assert.Null(result.QueueId);
        Assert.Equal(0, test.Scalar("SELECT count(*) FROM blobs"));
    }
}
