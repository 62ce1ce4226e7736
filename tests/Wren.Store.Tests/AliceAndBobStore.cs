using Wren.Store.Accounts;
using Wren.Store.Sqlite;

namespace Wren.Store.Tests;

/// <summary>Base of the test classes that work on a fresh store holding two users, alice and bob.</summary>
public abstract class AliceAndBobStore : IAsyncLifetime
{
    protected readonly TestStore test = new();
    protected SqliteStore store = null!;
    protected UserAccount alice = null!;
    protected UserAccount bob = null!;

    public async Task InitializeAsync()
    {
        store = await test.OpenAsync();
        alice = await TestStore.AddUserAsync(store, "alice@example.com");
        bob = await TestStore.AddUserAsync(store, "bob@example.com");
    }

    public Task DisposeAsync() => test.DisposeAsync().AsTask();
}
