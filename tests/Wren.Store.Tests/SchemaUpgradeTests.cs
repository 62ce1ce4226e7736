using Microsoft.Data.Sqlite;
using Wren.Store.Messages;
using Wren.Store.Sqlite;

namespace Wren.Store.Tests;

/// <summary>A data folder written by the previous schema (version 2) upgrades to the IMAP schema with its data intact.</summary>
public sealed class SchemaUpgradeTests : IAsyncLifetime
{
    private readonly TestStore test = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => test.DisposeAsync().AsTask();

    [Fact]
    public async Task A_version_2_database_upgrades_with_messages_subscriptions_counters_and_ids()
    {
        Directory.CreateDirectory(test.Folder);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(test.Folder, "wren.db")};Pooling=False;Foreign Keys=True"))
        {
            await connection.OpenAsync();
            await SqliteSchema.MigrateAsync(connection, default, targetVersion: 2);
            // As version 2's code wrote them: a user with INBOX (subscribed) and Junk (not), a blob shared by two
            // copies, one \Seen, and a POP3 expunge that raised HIGHESTMODSEQ.
            await using var command = connection.CreateCommand();
            command.CommandText =
                """
                INSERT INTO meta VALUES ('last_uidvalidity', 1700000001);
                INSERT INTO domains (id, name, created_at) VALUES (1, 'example.com', 0);
                INSERT INTO users (id, domain_id, address, salt, iterations, stored_key, server_key, created_at)
                    VALUES (1, 1, 'alice@example.com', x'00', 4096, x'00', x'00', 0);
                INSERT INTO mailboxes (id, user_id, name, special_use, uidvalidity, uidnext, highestmodseq, subscribed)
                    VALUES (1, 1, 'INBOX', NULL, 1700000000, 4, 5, 1), (2, 1, 'Junk', '\Junk', 1700000001, 2, 2, 0);
                INSERT INTO blobs (id, size, data) VALUES (7, 5, x'4869210d0a'), (8, 3, x'6f6b0a');
                INSERT INTO messages (mailbox_id, uid, modseq, flags, keywords, internal_date, internal_date_offset, size, blob_id, subject)
                    VALUES (1, 1, 2, 1, '', 1000, 60, 5, 7, 'one'), (1, 3, 4, 0, '', 2000, 0, 3, 8, 'three'), (2, 1, 2, 8, '', 1000, 60, 5, 7, 'one');
                """;
            await command.ExecuteNonQueryAsync();
        }

        var store = await test.OpenAsync();
        Assert.Equal(SqliteSchema.CurrentVersion, test.Scalar("PRAGMA user_version"));
        var boxes = store.Mailboxes;
        var inbox = (await boxes.GetStatusAsync(1, "INBOX"))!;
        Assert.Equal((1700000000L, 4L, 5L, 2L, 1L, 0L, 8L), (inbox.UidValidity, inbox.UidNext, inbox.HighestModSeq, inbox.Messages, inbox.Unseen, inbox.Deleted, inbox.Size));
        var junk = (await boxes.GetStatusAsync(1, "Junk"))!;
        Assert.Equal((1L, 1L, 1L), (junk.Messages, junk.Unseen, junk.Deleted));
        Assert.NotEqual(inbox.ObjectId, junk.ObjectId);
        Assert.Matches("^M[0-9a-f]{24}$", inbox.ObjectId);

        var list = await boxes.ListMailboxesAsync(1);
        Assert.Equal([("INBOX", true), ("Junk", false)], list.Select(e => (e.Name, e.Subscribed)));
        Assert.Equal(new QuotaUsage(13, 3, QuotaLimits.Unlimited, false), await boxes.GetQuotaAsync(1));

        var messages = (await boxes.GetMessagesAsync(1, inbox.MailboxId))!.Messages;
        Assert.Equal([1L, 3L], messages.Select(m => m.Uid));
        Assert.Equal(new DateTimeOffset(1970, 1, 1, 1, 0, 1, TimeSpan.FromHours(1)), messages[0].InternalDate);
        var junkMessage = (await boxes.GetMessagesAsync(1, junk.MailboxId))!.Messages[0];
        Assert.Equal(messages[0].EmailId, junkMessage.EmailId); // copies of one content share their EMAILID
        Assert.NotEqual(messages[0].EmailId, messages[1].EmailId);
        Assert.Equal("Hi!\r\n"u8.ToArray(), await TestStore.ReadAllAsync((await boxes.OpenMessageAsync(1, messages[0].MessageId))!));

        // Expunges from before the upgrade were never recorded: VANISHED answers with every missing UID.
        var vanished = (await boxes.GetVanishedAsync(1, inbox.MailboxId, 1))!;
        Assert.Equal((false, "2"), (vanished.Exact, vanished.Uids.ToString()));

        // And it works on as a current store: new mailboxes get UIDVALIDITYs above the old ones, counters move.
        var created = await boxes.CreateMailboxAsync(1, "New");
        Assert.True(created.UidValidity > 1700000001);
        await boxes.StoreFlagsAsync(1, inbox.MailboxId, UidSet.All, new FlagChange(FlagOperation.Add, MessageFlags.Deleted));
        Assert.Equal([1L, 3L], await boxes.ExpungeAsync(1, inbox.MailboxId));
        Assert.Equal((0L, 0L), ((await boxes.GetStatusAsync(1, "INBOX"))!.Messages, (await boxes.GetStatusAsync(1, "INBOX"))!.Deleted));
        Assert.Equal(new QuotaUsage(5, 1, QuotaLimits.Unlimited, false), await boxes.GetQuotaAsync(1));
        Assert.Equal(1, test.Scalar("SELECT count(*) FROM blobs")); // the shared one stays for Junk
    }

    [Fact]
    public async Task A_current_database_opens_again_without_migrating()
    {
        var store = await test.OpenAsync();
        await TestStore.AddUserAsync(store, "alice@example.com");
        await store.DisposeAsync();
        store = await test.OpenAsync();
        Assert.Equal(SqliteSchema.CurrentVersion, test.Scalar("PRAGMA user_version"));
        Assert.Equal(6, test.Scalar("SELECT count(*) FROM subscriptions"));
    }
}
