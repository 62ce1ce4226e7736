using Wren.Mail.Addresses;
using Wren.Store.Accounts;
using Wren.Store.Sqlite;

namespace Wren.Store.Tests;

public sealed class RecipientResolutionTests : IAsyncLifetime
{
    private readonly TestStore test = new();
    private SqliteStore store = null!;
    private UserAccount alice = null!;
    private UserAccount bob = null!;

    private IAccountStore Accounts => store.Accounts;

    public async Task InitializeAsync()
    {
        store = await test.OpenAsync();
        alice = await TestStore.AddUserAsync(store, "alice@example.com");
        bob = await TestStore.AddUserAsync(store, "bob@example.com");
        await Accounts.AddDomainAsync("example.org");
    }

    public Task DisposeAsync() => test.DisposeAsync().AsTask();

    private Task<RecipientResolution> Resolve(string address) => Accounts.ResolveAsync(EmailAddress.Parse(address));

    private Task Alias(string source, string target) => Accounts.AddAliasAsync(source, EmailAddress.Parse(target));

    [Fact]
    public async Task A_user_resolves_to_itself_whatever_the_case()
    {
        var result = await Resolve("ALICE@Example.COM");
        Assert.Equal([alice], result.Users);
        Assert.Empty(result.ExternalTargets);
        Assert.False(result.IsUnknown);
    }

    [Fact]
    public async Task An_unknown_address_or_a_foreign_domain_resolves_to_nobody()
    {
        Assert.True((await Resolve("carol@example.com")).IsUnknown);
        Assert.True((await Resolve("alice@example.net")).IsUnknown);
    }

    [Fact]
    public async Task An_alias_fans_out_to_every_target_without_duplicates()
    {
        await Alias("team@example.com", "alice@example.com");
        await Alias("team@example.com", "bob@example.com");
        await Alias("team@example.com", "carol@partner.net");
        await Alias("team@example.com", "all@example.org");
        await Alias("all@example.org", "ALICE@example.com");

        var result = await Resolve("Team@example.com");
        Assert.Equal([alice.Id, bob.Id], result.Users.Select(u => u.Id));
        Assert.Equal(["carol@partner.net"], result.ExternalTargets.Select(t => t.ToString()));
    }

    [Fact]
    public async Task Alias_loops_are_ignored_and_what_they_reach_is_kept()
    {
        await Alias("a@example.com", "b@example.com");
        await Alias("b@example.com", "a@example.com");
        Assert.True((await Resolve("a@example.com")).IsUnknown);

        await Alias("b@example.com", "bob@example.com");
        Assert.Equal([bob], (await Resolve("a@example.com")).Users);
    }

    [Fact]
    public async Task Alias_chains_are_followed_eight_levels_deep_and_no_further()
    {
        // l1 -> l2 -> ... -> l8 -> alice: eight alias levels reach her.
        for (int i = 1; i < 8; i++)
            await Alias($"l{i}@example.com", $"l{i + 1}@example.com");
        await Alias("l8@example.com", "alice@example.com");
        Assert.Equal([alice], (await Resolve("l1@example.com")).Users);

        // One level more and the chain ends before her.
        await Alias("l0@example.com", "l1@example.com");
        Assert.True((await Resolve("l0@example.com")).IsUnknown);
    }

    [Fact]
    public async Task An_external_target_is_returned_for_forwarding()
    {
        await Alias("fwd@example.com", "Someone@Partner.NET");
        var result = await Resolve("fwd@example.com");
        Assert.Empty(result.Users);
        var target = Assert.Single(result.ExternalTargets);
        Assert.Equal("Someone@partner.net", target.ToString());
    }

    [Fact]
    public async Task Local_targets_that_reach_nobody_are_ignored()
    {
        await Alias("x@example.com", "ghost@example.com");
        await Alias("x@example.com", "bob@example.com");
        Assert.Equal([bob], (await Resolve("x@example.com")).Users);
    }

    [Fact]
    public async Task A_plus_tag_is_removed_when_the_exact_address_is_unknown()
    {
        Assert.Equal([alice], (await Resolve("alice+news@example.com")).Users);
        await Alias("sales@example.com", "bob@example.com");
        Assert.Equal([bob], (await Resolve("sales+eu+x@example.com")).Users);
        Assert.True((await Resolve("+tag@example.com")).IsUnknown);
    }

    [Fact]
    public async Task An_exact_alias_with_a_plus_wins_over_the_stripped_address()
    {
        await Alias("alice+bob@example.com", "bob@example.com");
        Assert.Equal([bob], (await Resolve("alice+bob@example.com")).Users);
    }

    [Fact]
    public async Task The_catch_all_takes_what_nothing_else_does()
    {
        await Alias("@example.com", "bob@example.com");
        await Alias("info@example.com", "alice@example.com");

        Assert.Equal([bob], (await Resolve("whoever@example.com")).Users);
        Assert.Equal([bob], (await Resolve("whoever+tag@example.com")).Users);
        Assert.Equal([alice], (await Resolve("info@example.com")).Users);
        Assert.Equal([alice], (await Resolve("alice+x@example.com")).Users);
        Assert.True((await Resolve("whoever@example.org")).IsUnknown);
    }
}
