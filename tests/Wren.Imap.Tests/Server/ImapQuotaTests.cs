using System.Text;
using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

/// <summary>GETQUOTA, GETQUOTAROOT, SETQUOTA and over-quota APPEND (RFC 9208). The tests of this class share the user's quota, so each sets it.</summary>
public sealed class ImapQuotaTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    private async Task<QuotaUsage> SetLimitsAsync(long? storage, long? messages)
    {
        var user = await ImapMailboxData.UserAsync(fixture);
        await fixture.Store.Mailboxes.SetQuotaAsync(user.Id, new QuotaLimits(storage, messages));
        return (await fixture.Store.Mailboxes.GetQuotaAsync(user.Id))!;
    }

    [Fact]
    public async Task Getquotaroot_and_getquota_list_the_limited_resources()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("counted"));
        QuotaUsage usage = await SetLimitsAsync(10 * 1024 * 1024, 500);
        long usedKib = (usage.StorageBytes + 1023) / 1024;
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal([
            $"* QUOTAROOT \"{box.Name}\" \"\"",
            $"* QUOTA \"\" (STORAGE {usedKib} 10240 MESSAGE {usage.Messages} 500)",
            "a OK GETQUOTAROOT completed"], await c.CommandAsync("a", $"GETQUOTAROOT {box.Name}"));
        Assert.Equal([$"* QUOTA \"\" (STORAGE {usedKib} 10240 MESSAGE {usage.Messages} 500)", "b OK GETQUOTA completed"],
            await c.CommandAsync("b", "GETQUOTA \"\""));

        await SetLimitsAsync(null, 500);
        Assert.Equal([$"* QUOTA \"\" (MESSAGE {usage.Messages} 500)", "c OK GETQUOTA completed"], await c.CommandAsync("c", "GETQUOTA \"\""));
        await SetLimitsAsync(null, null);
        Assert.Equal(["* QUOTA \"\" ()", "d OK GETQUOTA completed"], await c.CommandAsync("d", "GETQUOTA \"\""));
    }

    [Fact]
    public async Task Unknown_roots_and_mailboxes_are_nonexistent_and_setquota_is_refused()
    {
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal(["a NO [NONEXISTENT] No such quota root"], await c.CommandAsync("a", "GETQUOTA other"));
        Assert.Equal(["b NO [NONEXISTENT] No such mailbox"], await c.CommandAsync("b", "GETQUOTAROOT nowhere-here"));
        Assert.Equal(["c NO [NOPERM] Quota limits are set by the server administrator"],
            await c.CommandAsync("c", "SETQUOTA \"\" (STORAGE 999999)"));
        Assert.StartsWith("d BAD ", Assert.Single(await c.CommandAsync("d", "SETQUOTA \"\" (STORAGE)")));
        Assert.StartsWith("e BAD ", Assert.Single(await c.CommandAsync("e", "GETQUOTAROOT")));
    }

    [Fact]
    public async Task Append_over_quota_is_refused_before_the_message_is_sent()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        QuotaUsage usage = await SetLimitsAsync(null, null);
        string message = Encoding.UTF8.GetString(ImapMailboxData.Message("quota"));
        await SetLimitsAsync(usage.StorageBytes + message.Length - 1, null);
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        // No continuation: the octets are never sent.
        Assert.Equal(["a NO [OVERQUOTA] The message would exceed your STORAGE quota"],
            await c.CommandAsync("a", $"APPEND {box.Name} {{{message.Length}}}"));
        await SetLimitsAsync(null, usage.Messages);
        Assert.Equal(["b NO [OVERQUOTA] The message would exceed your MESSAGE quota"],
            await c.CommandAsync("b", $"APPEND {box.Name} {{{message.Length}+}}\r\n{message}"));
        await SetLimitsAsync(null, usage.Messages + 1);
        Assert.StartsWith("c OK [APPENDUID ", Assert.Single(await c.CommandAsync("c", $"APPEND {box.Name} {{{message.Length}+}}\r\n{message}")));
        await SetLimitsAsync(null, null);
    }

    [Fact]
    public async Task Quota_reached_while_the_message_is_sent_is_still_overquota()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        QuotaUsage usage = await SetLimitsAsync(null, null);
        string message = Encoding.UTF8.GetString(ImapMailboxData.Message("race"));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.WriteAsync($"a APPEND {box.Name} {{{message.Length}}}\r\n");
        Assert.StartsWith("+ ", await c.ReadLineAsync());
        // Another delivery (here: the administrator) takes the last room before the octets arrive.
        await SetLimitsAsync(null, usage.Messages);
        await c.WriteAsync(message + "\r\n");
        Assert.Equal(["a NO [OVERQUOTA] The message would exceed your MESSAGE quota"], await c.ReadUntilTaggedAsync("a"));
        var user = await ImapMailboxData.UserAsync(fixture);
        Assert.Equal(0, (await fixture.Store.Mailboxes.GetStatusAsync(user.Id, box.MailboxId))!.Messages);
        await SetLimitsAsync(null, null);
    }

    [Fact]
    public async Task Status_deleted_storage_counts_deleted_messages()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        await ImapMailboxData.AppendAsync(fixture, box.Name, Encoding.ASCII.GetBytes("Subject: x\r\n\r\n" + new string('a', 3000) + "\r\n"), MessageFlags.Deleted);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("kept"));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal([$"* STATUS \"{box.Name}\" (DELETED-STORAGE 3)", "a OK STATUS completed"],
            await c.CommandAsync("a", $"STATUS {box.Name} (DELETED-STORAGE)"));
    }
}
