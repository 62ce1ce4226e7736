using Wren.Mail.Addresses;
using Wren.Store.Messages;
using Wren.Store.Sqlite;

namespace Wren.Store.Tests;

public sealed class BlobLifecycleTests : IAsyncLifetime
{
    private readonly TestStore test = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => test.DisposeAsync().AsTask();

    [Fact]
    public async Task A_disposed_uncommitted_spool_leaves_no_file()
    {
        var store = await test.OpenAsync();
        var spool = await TestStore.SpoolAsync(store.Mail, TestStore.Message("big", 1_000_000));
        Assert.Single(test.BlobFiles());
        await spool.DisposeAsync();
        await spool.DisposeAsync();
        Assert.Empty(test.BlobFiles());
        Assert.Throws<ObjectDisposedException>(() => spool.Content.Write(new byte[1]));
    }

    [Theory]
    [InlineData(2_000)]     // in memory
    [InlineData(1_000_000)] // spilled to its blob file
    public async Task A_spool_reads_back_what_was_written_before_the_commit(int size)
    {
        var store = await test.OpenAsync();
        byte[] content = TestStore.Message("read back", size);
        await using var spool = await TestStore.SpoolAsync(store.Mail, content);
        await using (Stream view = spool.OpenRead())
        {
            Assert.True(view.CanSeek);
            Assert.Equal(content.Length, view.Length);
            view.Position = content.Length / 2;
            var rest = new MemoryStream();
            await view.CopyToAsync(rest);
            Assert.Equal(content[(content.Length / 2)..], rest.ToArray());
        }
        var alice = await TestStore.AddUserAsync(store, "alice@example.com");
        await store.Mail.CommitAsync(new AcceptedMessage(spool, [new MailboxDelivery(alice.Id)], null, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_committed_spool_keeps_its_file_when_disposed()
    {
        var store = await test.OpenAsync();
        var alice = await TestStore.AddUserAsync(store, "alice@example.com");
        await test.DeliverAsync(store, TestStore.Message("big", 1_000_000), alice.Id);
        Assert.Single(test.BlobFiles());
    }

    [Fact]
    public async Task A_spool_disposed_while_its_commit_runs_waits_for_the_outcome()
    {
        var store = await test.OpenAsync();
        var alice = await TestStore.AddUserAsync(store, "alice@example.com");
        byte[] content = TestStore.Message("big", 1_000_000);
        var spool = await TestStore.SpoolAsync(store.Mail, content);
        var commit = store.Mail.CommitAsync(new AcceptedMessage(spool, [new MailboxDelivery(alice.Id)], null, test.Time.GetUtcNow()));
        await spool.DisposeAsync();
        var result = await commit;
        Assert.Single(test.BlobFiles());
        Assert.Equal(content, await TestStore.ReadAllAsync((await store.Mail.OpenMessageAsync(alice.Id, result.Messages[0].MessageId))!));
    }

    [Fact]
    public async Task Everything_survives_closing_and_reopening()
    {
        byte[] small = TestStore.Message("small");
        byte[] large = TestStore.Message("large", 3 * 1024 * 1024);
        long aliceId, smallId, largeId;
        await using (var store = await SqliteStore.OpenAsync(test.Folder, timeProvider: test.Time))
        {
            var alice = await TestStore.AddUserAsync(store, "alice@example.com");
            await store.Accounts.AddAliasAsync("@example.com", EmailAddress.Parse(alice.Address));
            aliceId = alice.Id;
            smallId = (await test.DeliverAsync(store, small, alice.Id)).Messages[0].MessageId;
            largeId = (await test.DeliverAsync(store, large, alice.Id)).Messages[0].MessageId;
        }

        var reopened = await test.OpenAsync();
        Assert.Equal(["alice@example.com"], (await reopened.Accounts.ListUsersAsync()).Select(u => u.Address));
        Assert.Single(await reopened.Accounts.ListAliasesAsync());
        Assert.Equal(small, await TestStore.ReadAllAsync((await reopened.Mail.OpenMessageAsync(aliceId, smallId))!));
        Assert.Equal(large, await TestStore.ReadAllAsync((await reopened.Mail.OpenMessageAsync(aliceId, largeId))!));
        var next = await test.DeliverAsync(reopened, TestStore.Message("third"), aliceId);
        Assert.Equal(3, next.Messages[0].Uid);
        Assert.Equal(4, next.Messages[0].ModSeq);
        Assert.Equal(SqliteSchema.CurrentVersion, test.Scalar("PRAGMA user_version"));
    }

    [Fact]
    public async Task Orphaned_blob_files_are_deleted_when_the_store_opens_alone()
    {
        var store = await test.OpenAsync();
        var alice = await TestStore.AddUserAsync(store, "alice@example.com");
        var kept = await test.DeliverAsync(store, TestStore.Message("kept", 300_000), alice.Id);
        string keptFile = Assert.Single(test.BlobFiles());
        await store.DisposeAsync();

        // As a crash between creating a spool file and committing it leaves them.
        string orphan = Path.Combine(test.BlobFolder, "7f", new string('a', 32));
        await File.WriteAllBytesAsync(orphan, new byte[10]);
        await File.WriteAllBytesAsync(Path.Combine(test.BlobFolder, "00", "stray.tmp"), new byte[10]);

        var reopened = await test.OpenAsync();
        Assert.Equal([keptFile], test.BlobFiles());
        Assert.NotNull(await reopened.Mail.OpenMessageAsync(alice.Id, kept.Messages[0].MessageId));
    }

    [Fact]
    public async Task Blob_files_are_left_alone_while_another_process_uses_the_folder()
    {
        var server = await test.OpenAsync();
        // The server is receiving a large message right now.
        await using var inProgress = await TestStore.SpoolAsync(server.Mail, TestStore.Message("arriving", 500_000));
        string file = Assert.Single(test.BlobFiles());

        // The CLI opens the same folder meanwhile: it must not take the server's spool file for an orphan.
        await using (var cli = await SqliteStore.OpenAsync(test.Folder, timeProvider: test.Time))
            Assert.Equal([file], test.BlobFiles());

        var alice = await TestStore.AddUserAsync(server, "alice@example.com");
        var result = await server.Mail.CommitAsync(new AcceptedMessage(inProgress, [new MailboxDelivery(alice.Id)], null, test.Time.GetUtcNow()));
        Assert.NotNull(await server.Mail.OpenMessageAsync(alice.Id, result.Messages[0].MessageId));
    }

    [Fact]
    public async Task Deleting_a_user_removes_their_mail_and_the_blobs_nobody_else_uses()
    {
        var store = await test.OpenAsync();
        var alice = await TestStore.AddUserAsync(store, "alice@example.com");
        var bob = await TestStore.AddUserAsync(store, "bob@example.com");
        await test.DeliverAsync(store, TestStore.Message("alice only, large", 400_000), alice.Id);
        await test.DeliverAsync(store, TestStore.Message("alice only, small"), alice.Id);
        var shared = await test.DeliverAsync(store, TestStore.Message("both, large", 500_000), alice.Id, bob.Id);
        var sharedFile = test.BlobFiles().Single(f => test.Scalar($"SELECT id FROM blobs WHERE path = '{f}'") == test.Scalar(
            $"SELECT blob_id FROM messages WHERE id = {shared.Messages[1].MessageId}"));
        Assert.Equal(2, test.BlobFiles().Count);

        Assert.True(await store.Accounts.DeleteUserAsync("alice@example.com"));

        Assert.Equal([sharedFile], test.BlobFiles());
        Assert.Equal(1, test.Scalar("SELECT count(*) FROM blobs"));
        Assert.Equal(0, test.Scalar($"SELECT count(*) FROM mailboxes WHERE user_id = {alice.Id}"));
        Assert.Equal(1, test.Scalar("SELECT count(*) FROM messages"));
        Assert.Empty(await store.Mail.ListMessagesAsync(alice.Id));
        Assert.Empty(await store.Mail.ListMailboxesAsync(alice.Id));
        Assert.NotNull(await store.Mail.OpenMessageAsync(bob.Id, shared.Messages[1].MessageId));
    }
}
