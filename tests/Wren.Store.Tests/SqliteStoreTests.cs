using Wren.Store.Sqlite;

namespace Wren.Store.Tests;

public sealed class SqliteStoreTests : IAsyncLifetime
{
    private readonly TestStore test = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => test.DisposeAsync().AsTask();

    [Fact]
    public async Task Opening_creates_the_folder_the_database_and_the_versioned_schema()
    {
        Assert.False(Directory.Exists(test.Folder));
        var store = await test.OpenAsync();

        Assert.Equal(Path.GetFullPath(test.Folder), store.DataDirectory);
        Assert.True(File.Exists(Path.Combine(test.Folder, "wren.db")));
        Assert.True(Directory.Exists(test.BlobFolder));
        Assert.Equal(SqliteSchema.CurrentVersion, test.Scalar("PRAGMA user_version"));
        Assert.Equal(0, test.Scalar("SELECT count(*) FROM domains"));
    }

    [Fact]
    public async Task Every_connection_is_durable_waits_for_locks_and_checks_foreign_keys()
    {
        await test.OpenAsync();
        var database = new SqliteDatabase(test.Folder);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        Assert.Equal("wal", await Pragma("journal_mode"));
        Assert.Equal(2L, await Pragma("synchronous")); // FULL
        Assert.Equal(1L, await Pragma("foreign_keys"));
        Assert.Equal((long)SqliteDatabase.BusyTimeout.TotalMilliseconds, await Pragma("busy_timeout"));

        async Task<object?> Pragma(string name)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA " + name;
            return await command.ExecuteScalarAsync();
        }
    }

    [Fact]
    public async Task A_database_from_a_newer_wren_is_refused()
    {
        await (await test.OpenAsync()).DisposeAsync();
        test.Execute($"PRAGMA user_version = {SqliteSchema.CurrentVersion + 1}");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteStore.OpenAsync(test.Folder));
        Assert.Contains("schema version", error.Message);
    }

    [Fact]
    public async Task Disposing_finishes_commits_already_handed_in_and_refuses_new_ones()
    {
        var store = await SqliteStore.OpenAsync(test.Folder, timeProvider: test.Time);
        var alice = await TestStore.AddUserAsync(store, "alice@example.com");
        var commits = Enumerable.Range(0, 10).Select(i => test.DeliverAsync(store, TestStore.Message($"m{i}"), alice.Id)).ToList();
        await store.DisposeAsync();
        await store.DisposeAsync();
        Assert.All(await Task.WhenAll(commits), r => Assert.Single(r.Messages));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => test.DeliverAsync(store, TestStore.Message("late"), alice.Id));
        Assert.Equal(10, test.Scalar("SELECT count(*) FROM messages"));
    }
}
