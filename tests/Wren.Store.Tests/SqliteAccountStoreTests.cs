using Wren.Mail.Addresses;
using Wren.Store.Accounts;

namespace Wren.Store.Tests;

public sealed class SqliteAccountStoreTests : IAsyncLifetime
{
    private readonly TestStore test = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => test.DisposeAsync().AsTask();

    [Fact]
    public async Task Domains_are_added_once_in_canonical_form_listed_sorted_and_deleted()
    {
        var store = await test.OpenAsync();
        var accounts = store.Accounts;

        Assert.True(await accounts.AddDomainAsync("Example.COM"));
        Assert.False(await accounts.AddDomainAsync("example.com."));
        Assert.True(await accounts.AddDomainAsync("bücher.example"));
        Assert.True(await accounts.AddDomainAsync("alpha.test"));

        Assert.Equal(["alpha.test", "example.com", "xn--bcher-kva.example"], await accounts.ListDomainsAsync());
        Assert.True(await accounts.IsLocalDomainAsync("EXAMPLE.com"));
        Assert.True(await accounts.IsLocalDomainAsync("BÜCHER.example"));
        Assert.False(await accounts.IsLocalDomainAsync("example.net"));
        Assert.False(await accounts.IsLocalDomainAsync("not a domain"));

        Assert.True(await accounts.DeleteDomainAsync("alpha.test"));
        Assert.False(await accounts.DeleteDomainAsync("alpha.test"));
        Assert.Equal(["example.com", "xn--bcher-kva.example"], await accounts.ListDomainsAsync());
    }

    [Fact]
    public async Task An_invalid_domain_is_refused()
    {
        var store = await test.OpenAsync();
        await Assert.ThrowsAsync<AccountStoreException>(() => store.Accounts.AddDomainAsync("bad..domain"));
    }

    [Fact]
    public async Task A_domain_with_users_cannot_be_deleted_and_its_aliases_go_with_it()
    {
        var store = await test.OpenAsync();
        var user = await TestStore.AddUserAsync(store, "alice@example.com");
        await store.Accounts.AddAliasAsync("info@example.com", EmailAddress.Parse("alice@example.com"));

        var error = await Assert.ThrowsAsync<AccountStoreException>(() => store.Accounts.DeleteDomainAsync("example.com"));
        Assert.Contains("example.com", error.Message);

        Assert.True(await store.Accounts.DeleteUserAsync(user.Address));
        Assert.True(await store.Accounts.DeleteDomainAsync("example.com"));
        Assert.Empty(await store.Accounts.ListAliasesAsync());
    }

    [Fact]
    public async Task Users_are_created_with_their_special_use_mailboxes()
    {
        var store = await test.OpenAsync();
        var user = await TestStore.AddUserAsync(store, "Alice.Smith@Example.COM");

        Assert.Equal("alice.smith@example.com", user.Address);
        Assert.Equal(test.Time.GetUtcNow(), user.CreatedAt);
        var mailboxes = await store.Mail.ListMailboxesAsync(user.Id);
        Assert.Equal(["INBOX", "Sent", "Drafts", "Junk", "Trash", "Archive"], mailboxes.Select(m => m.Name));
        Assert.Equal([null, @"\Sent", @"\Drafts", @"\Junk", @"\Trash", @"\Archive"], mailboxes.Select(m => m.SpecialUse));
        Assert.All(mailboxes, m =>
        {
            Assert.Equal(1, m.UidNext);
            Assert.Equal(1, m.HighestModSeq);
            Assert.Equal(0, m.MessageCount);
            Assert.InRange(m.UidValidity, 1, uint.MaxValue);
        });
        Assert.Equal(mailboxes.Count, mailboxes.Select(m => m.UidValidity).Distinct().Count());
    }

    [Fact]
    public async Task UidValidity_is_never_reused_even_when_a_user_is_recreated_at_the_same_instant()
    {
        var store = await test.OpenAsync();
        var first = await TestStore.AddUserAsync(store, "alice@example.com");
        var before = (await store.Mail.ListMailboxesAsync(first.Id)).Select(m => m.UidValidity).ToList();
        await store.Accounts.DeleteUserAsync("alice@example.com");
        var second = await TestStore.AddUserAsync(store, "alice@example.com");
        var after = (await store.Mail.ListMailboxesAsync(second.Id)).Select(m => m.UidValidity).ToList();

        Assert.Empty(before.Intersect(after));
        Assert.True(after.Min() > before.Max());
        Assert.Equal(test.Time.GetUtcNow().ToUnixTimeSeconds(), before[0]);
    }

    [Fact]
    public async Task Adding_a_user_outside_local_domains_or_twice_is_refused()
    {
        var store = await test.OpenAsync();
        await Assert.ThrowsAsync<AccountStoreException>(() =>
            store.Accounts.AddUserAsync(EmailAddress.Parse("bob@example.net"), TestStore.Credential()));
        await TestStore.AddUserAsync(store, "bob@example.com");
        await Assert.ThrowsAsync<AccountStoreException>(() =>
            store.Accounts.AddUserAsync(EmailAddress.Parse("BOB@example.com"), TestStore.Credential()));
        await Assert.ThrowsAsync<AccountStoreException>(() =>
            store.Accounts.AddUserAsync(EmailAddress.Parse("carol@example.com"), new UserCredential([], 4096, [1], [2])));
        Assert.Single(await store.Accounts.ListUsersAsync());
    }

    [Fact]
    public async Task Users_are_found_case_insensitively_and_listed_by_domain()
    {
        var store = await test.OpenAsync();
        await TestStore.AddUserAsync(store, "zed@example.com");
        var alice = await TestStore.AddUserAsync(store, "alice@example.com");
        await TestStore.AddUserAsync(store, "bob@other.test");

        Assert.Equal(alice, await store.Accounts.FindUserAsync("ALICE@Example.Com"));
        Assert.Null(await store.Accounts.FindUserAsync("nobody@example.com"));
        Assert.Null(await store.Accounts.FindUserAsync("not an address"));
        Assert.Equal(["alice@example.com", "bob@other.test", "zed@example.com"], (await store.Accounts.ListUsersAsync()).Select(u => u.Address));
        Assert.Equal(["alice@example.com", "zed@example.com"], (await store.Accounts.ListUsersAsync("EXAMPLE.com")).Select(u => u.Address));
        Assert.Empty(await store.Accounts.ListUsersAsync("unknown.test"));
    }

    [Fact]
    public async Task Credentials_are_stored_and_replaced()
    {
        var store = await test.OpenAsync();
        var credential = TestStore.Credential();
        await store.Accounts.AddDomainAsync("example.com");
        await store.Accounts.AddUserAsync(EmailAddress.Parse("alice@example.com"), credential);

        var stored = await store.Accounts.GetCredentialAsync("Alice@example.com");
        Assert.NotNull(stored);
        Assert.Equal(credential.Salt, stored.Salt);
        Assert.Equal(credential.Iterations, stored.Iterations);
        Assert.Equal(credential.StoredKey, stored.StoredKey);
        Assert.Equal(credential.ServerKey, stored.ServerKey);

        var replacement = TestStore.Credential() with { Iterations = 10000 };
        Assert.True(await store.Accounts.SetCredentialAsync("alice@example.com", replacement));
        stored = await store.Accounts.GetCredentialAsync("alice@example.com");
        Assert.Equal(10000, stored!.Iterations);
        Assert.Equal(replacement.StoredKey, stored.StoredKey);

        Assert.False(await store.Accounts.SetCredentialAsync("nobody@example.com", replacement));
        Assert.Null(await store.Accounts.GetCredentialAsync("nobody@example.com"));
    }

    [Fact]
    public async Task Deleting_an_unknown_user_returns_false()
    {
        var store = await test.OpenAsync();
        Assert.False(await store.Accounts.DeleteUserAsync("nobody@example.com"));
    }

    [Fact]
    public async Task Aliases_are_added_once_listed_and_deleted_by_target_or_whole()
    {
        var store = await test.OpenAsync();
        await store.Accounts.AddDomainAsync("example.com");
        await store.Accounts.AddDomainAsync("other.test");
        var accounts = store.Accounts;

        Assert.True(await accounts.AddAliasAsync("Team@Example.com", EmailAddress.Parse("alice@example.com")));
        Assert.True(await accounts.AddAliasAsync("team@example.com", EmailAddress.Parse("Bob@Elsewhere.net")));
        Assert.False(await accounts.AddAliasAsync("TEAM@example.com", EmailAddress.Parse("bob@elsewhere.net")));
        Assert.True(await accounts.AddAliasAsync("@Example.com", EmailAddress.Parse("alice@example.com")));
        Assert.True(await accounts.AddAliasAsync("x@other.test", EmailAddress.Parse("alice@example.com")));

        Assert.Equal(
            [new AliasEntry("@example.com", "alice@example.com"), new AliasEntry("team@example.com", "alice@example.com"),
             new AliasEntry("team@example.com", "Bob@elsewhere.net"), new AliasEntry("x@other.test", "alice@example.com")],
            await accounts.ListAliasesAsync());
        Assert.Equal([new AliasEntry("x@other.test", "alice@example.com")], await accounts.ListAliasesAsync("other.test"));

        Assert.True(await accounts.DeleteAliasAsync("team@example.com", "BOB@elsewhere.net"));
        Assert.False(await accounts.DeleteAliasAsync("team@example.com", "bob@elsewhere.net"));
        Assert.True(await accounts.DeleteAliasAsync("@example.com", null));
        Assert.Equal(
            [new AliasEntry("team@example.com", "alice@example.com"), new AliasEntry("x@other.test", "alice@example.com")],
            await accounts.ListAliasesAsync());
    }

    [Fact]
    public async Task Alias_sources_must_be_in_a_local_domain_and_well_formed()
    {
        var store = await test.OpenAsync();
        await store.Accounts.AddDomainAsync("example.com");
        await Assert.ThrowsAsync<AccountStoreException>(() => store.Accounts.AddAliasAsync("a@example.net", EmailAddress.Parse("b@example.com")));
        await Assert.ThrowsAsync<AccountStoreException>(() => store.Accounts.AddAliasAsync("@example.net", EmailAddress.Parse("b@example.com")));
        await Assert.ThrowsAsync<AccountStoreException>(() => store.Accounts.AddAliasAsync("no-at-sign", EmailAddress.Parse("b@example.com")));
        await Assert.ThrowsAsync<AccountStoreException>(() => store.Accounts.AddAliasAsync("a@example.com", EmailAddress.Parse("A@example.com")));
    }

    [Fact]
    public async Task Two_stores_on_one_folder_see_each_others_account_changes()
    {
        var server = await test.OpenAsync();
        var cli = await test.OpenAsync();

        await cli.Accounts.AddDomainAsync("example.com");
        Assert.True(await server.Accounts.IsLocalDomainAsync("example.com"));
        var alice = await cli.Accounts.AddUserAsync(EmailAddress.Parse("alice@example.com"), TestStore.Credential());
        Assert.Equal(alice, await server.Accounts.FindUserAsync("alice@example.com"));
        await server.Accounts.AddAliasAsync("info@example.com", EmailAddress.Parse("alice@example.com"));
        Assert.Single(await cli.Accounts.ListAliasesAsync());

        var resolved = await server.Accounts.ResolveAsync(EmailAddress.Parse("info@example.com"));
        Assert.Equal([alice], resolved.Users);

        // Mail written by one is read by the other.
        var result = await test.DeliverAsync(server, TestStore.Message("hello"), alice.Id);
        var listed = Assert.Single(await cli.Mail.ListMessagesAsync(alice.Id));
        Assert.Equal(result.Messages[0].MessageId, listed.Id);

        await cli.Accounts.SetCredentialAsync("alice@example.com", TestStore.Credential() with { Iterations = 5000 });
        Assert.Equal(5000, (await server.Accounts.GetCredentialAsync("alice@example.com"))!.Iterations);
        await cli.Accounts.DeleteUserAsync("alice@example.com");
        Assert.Null(await server.Accounts.FindUserAsync("alice@example.com"));
    }
}
