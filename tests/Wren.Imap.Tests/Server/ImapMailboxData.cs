using System.Text;
using Wren.Store.Accounts;
using Wren.Store.Messages;

namespace Wren.Imap.Tests.Server;

/// <summary>Puts mailboxes and messages in the fixture's store directly, as another session or SMTP would.</summary>
internal static class ImapMailboxData
{
    public static async Task<UserAccount> UserAsync(ImapStoreFixture fixture) =>
        (await fixture.Store.Accounts.FindUserAsync(ImapStoreFixture.User))!;

    /// <summary>A new mailbox with a unique name (tests of one class share the store).</summary>
    public static async Task<MailboxStatus> NewMailboxAsync(ImapStoreFixture fixture, string prefix = "box")
    {
        var user = await UserAsync(fixture);
        return await fixture.Store.Mailboxes.CreateMailboxAsync(user.Id, prefix + "-" + Guid.NewGuid().ToString("N")[..8]);
    }

    public static byte[] Message(string subject, string body = "Hello.\r\n") => Encoding.UTF8.GetBytes(
        $"From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: {subject}\r\nDate: Thu, 03 Dec 2026 08:00:00 +0000\r\n" +
        $"Message-ID: <{Guid.NewGuid():N}@example.test>\r\n\r\n{body}");

    /// <summary>Appends a message through the store (not through IMAP).</summary>
    public static async Task<AppendResult> AppendAsync(ImapStoreFixture fixture, string mailbox, byte[] content,
        MessageFlags flags = MessageFlags.None, IReadOnlyCollection<string>? keywords = null)
    {
        var user = await UserAsync(fixture);
        await using MessageSpool spool = fixture.Store.Mail.CreateSpool();
        await spool.Content.WriteAsync(content);
        return await fixture.Store.Mailboxes.AppendAsync(user.Id, mailbox, new AppendRequest(spool, flags, keywords, DateTimeOffset.UtcNow));
    }
}
